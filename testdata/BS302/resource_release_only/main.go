package main

import (
	"fmt"
	"os"
)

func main() {
	j, err := openJournal("/tmp/devread.journal")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	buf := make([]byte, 16)
	for i := 0; i < 100; i++ {
		d, err := openDevice("/dev/urandom")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			continue
		}
		if n, err := d.Read(buf); err == nil {
			j.record(fmt.Sprintf("%s %x", d.path, buf[:n]))
		}
		if i%2 == 0 {
			d.Close()
		}
	}
	j.w.Flush()
}
