package main

import "fmt"

func main() {
	const blockSize = 4096
	hdr := packHeader([]byte("BPK1\x00\x00\x00\x00"))
	fmt.Printf("header: % x\n", hdr)

	p := newBlockPacker(blockSize)
	blocks := make(chan []byte, 8)
	go p.run(blocks)

	for i := 0; i < 8; i++ {
		blk := make([]byte, blockSize)
		for j := range blk {
			blk[j] = byte(j / (i + 1))
		}
		// Each block is handed over and never touched again by this goroutine.
		blocks <- blk
	}
	close(blocks)

	// Progress line while the packer may still be rewriting its scratch
	// buffer through C: nothing orders this read with rle_pack's stores.
	c, v := p.leadingRun()
	fmt.Printf("packing... latest leading run %d x %#x\n", c, v)

	total := 0
	for n := range p.sizes {
		total += n
	}
	fmt.Println("packed bytes:", total)
	fmt.Printf("trailer: % x\n", packHeader([]byte{0, 0, 0, 0}))
}
