package main

import (
	"fmt"
	"strconv"
	"time"
)

func main() {
	cache := &thumbCache{entries: map[string]int{}}
	go func() {
		for {
			time.Sleep(time.Second)
			open, gone := sessionStats()
			total, evicted := cache.bytes()
			fmt.Println(open, gone, total, evicted)
		}
	}()
	for i := 0; ; i++ {
		startSession(strconv.Itoa(i), i%17)
		cache.add("thumb/"+strconv.Itoa(i), make([]byte, 2048))
	}
}
