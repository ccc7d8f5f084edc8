package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	fmt.Println(len(encodeAll([]uint64{1, 300, 70000})), "records")

	var wg sync.WaitGroup
	for id := 0; id < len(perWorker); id++ {
		wg.Add(1)
		go loadWorker(id, 10000, &wg)
	}

	c := &compactor{keys: [][]byte{[]byte("b"), []byte("a")}, every: time.Millisecond}
	go c.compactLoop(3)

	wg.Wait()
	fmt.Println("per-shard hits:", perWorker)
}
