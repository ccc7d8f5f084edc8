package main

import (
	"bufio"
	"fmt"
	"os"
	"time"
)

func main() {
	requests := make(chan string, 128)
	for w := 0; w < 8; w++ {
		go func() {
			for route := range requests {
				countHit(route)
			}
		}()
	}
	go func() {
		for {
			time.Sleep(10 * time.Second)
			fmt.Println(topRoutes(5))
		}
	}()

	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		requests <- in.Text()
	}
	close(requests)
}
