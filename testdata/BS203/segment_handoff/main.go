package main

import (
	"fmt"
	"log"
)

func main() {
	out := make(chan *segment, 1)
	done := make(chan uint32)
	go uploader(out, done)

	records := []string{"evt=login user=17", "evt=cart user=17 item=9", "evt=logout user=17"}
	for seq, rec := range records {
		s, err := newSegment(seq)
		if err != nil {
			log.Fatal(err)
		}
		// Fill the segment, then hand it off. After the send this loop
		// never touches s again.
		s.mem[0] = 'W'
		s.used = hdrSize + copy(s.mem[hdrSize:], rec)
		out <- s
	}
	close(out)
	fmt.Printf("upload checksum: %08x\n", <-done)
}
