package main

import (
	"fmt"
	"unsafe"

	"example.com/volumes/internal/fsutil"
	"example.com/volumes/internal/winapi"
)

func main() {
	root := []uint16{'C', ':', '\\', 0}
	var serial uint32
	if err := fsutil.Serial(uintptr(unsafe.Pointer(&root[0])), uintptr(unsafe.Pointer(&serial))); err != nil { // want BS202 BS202
		fmt.Println(err)
	}
	var free uint64
	// The fixed wrapper takes pointers: nothing to report.
	if err := winapi.GetDiskFreeSpace(&root[0], &free); err != nil {
		fmt.Println(err)
	}
	fmt.Println(serial, free)
}
