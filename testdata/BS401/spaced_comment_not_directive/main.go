package main

import (
	"fmt"
	"time"
)

func main() {
	for i := 0; i < 4; i++ {
		go func(i int) {
			for {
				touch(time.Now())
				beat()
				recordHash([]byte{byte(i), 1, 2, 3})
				time.Sleep(time.Millisecond)
			}
		}(i)
	}
	for i := 0; i < 5; i++ {
		time.Sleep(100 * time.Millisecond)
		fmt.Println(time.Unix(0, lastSeen), beatCount, lastHash)
	}
}
