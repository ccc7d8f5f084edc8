package main

import (
	"fmt"
	"time"
)

func main() {
	s := &cpuSampler{every: time.Second}
	go s.run()

	t := &statusTable{}
	go func() {
		for {
			time.Sleep(time.Second)
			byClass, n := t.snapshot()
			fmt.Println("responses:", byClass, "bytes:", n)
		}
	}()
	serveAll(t, []int{200, 200, 404, 500, 301})

	for i := 0; i < 5; i++ {
		time.Sleep(3 * time.Second)
		fmt.Printf("cpu %.1f%%\n", s.Busy()*100)
	}
}
