package main

import (
	"fmt"
	"strconv"
	"time"
)

func main() {
	go func() {
		for {
			time.Sleep(time.Second)
			sockets, arenas := liveCounts()
			fmt.Printf("live sockets %d, live arenas %d\n", sockets, arenas)
		}
	}()
	for i := 0; ; i++ {
		s := newSocket(i+3, "10.0.0."+strconv.Itoa(i%250))
		a := newArena(1 << 16)
		a.off += copy(a.buf[a.off:], s.peer)
	}
}
