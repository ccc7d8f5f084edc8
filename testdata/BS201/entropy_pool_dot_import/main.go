package main

import (
	"bufio"
	"fmt"
	"os"
	"time"
)

func main() {
	go reseed(30 * time.Second)

	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		tok := newToken()
		fmt.Printf("%s %s shard=%d\n", in.Text(), tok, shardOf(tok))
	}
}
