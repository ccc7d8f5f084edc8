package main

import (
	"fmt"
	"runtime"
)

const blockSize = 4096

// slots holds every block ever carved; freeList holds the indexes of the
// slots whose Block has been collected. allocBlock pops from freeList on the
// main goroutine while the finalizer of a dropped Block pushes onto it.
var (
	slots    [][]byte
	freeList []int
)

// Block is a view of one slot.
type Block struct {
	idx  int
	data []byte
}

func allocBlock() *Block {
	var idx int
	if n := len(freeList); n > 0 {
		idx = freeList[n-1]
		freeList = freeList[:n-1]
	} else {
		idx = len(slots)
		slots = append(slots, make([]byte, blockSize))
	}
	b := &Block{idx: idx, data: slots[idx]}
	runtime.SetFinalizer(b, func(b *Block) {
		releaseSlot(b.idx)
	})
	return b
}

// releaseSlot makes slot idx available to the next allocBlock.
func releaseSlot(idx int) {
	freeList = append(freeList, idx) // want BS302
}

func (b *Block) Fill(p []byte) int {
	return copy(b.data, p)
}

func main() {
	var kept []*Block
	for i := 0; i < 10000; i++ {
		b := allocBlock()
		b.Fill([]byte(fmt.Sprintf("record %d", i)))
		if i%100 == 0 {
			kept = append(kept, b)
		}
		if i%1000 == 0 {
			runtime.GC()
			fmt.Printf("%d slots, %d free, %d kept\n", len(slots), len(freeList), len(kept))
		}
	}
}
