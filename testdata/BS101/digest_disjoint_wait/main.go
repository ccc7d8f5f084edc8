package main

import (
	"fmt"
	"hash/crc32"
)

func main() {
	blocks := [][]byte{[]byte("alpha"), []byte("bravo"), []byte("charlie")}
	want := make([]uint32, len(blocks))
	for i, b := range blocks {
		want[i] = crc32.ChecksumIEEE(b)
	}
	want[1] ^= 1

	hashBlocks(blocks)
	fmt.Println("corrupt blocks:", verifyBlocks(blocks, want))
}
