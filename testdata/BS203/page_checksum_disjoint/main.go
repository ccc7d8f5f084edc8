package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

func main() {
	const pages = 8
	data, err := unix.Mmap(-1, 0, pages*pageSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		log.Fatal(err)
	}
	for i := 0; i < len(data); i += 3 * pageSize {
		data[i] = 0x42
	}
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "pages.crc"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(pages * 4); err != nil {
		log.Fatal(err)
	}

	sums, err := sealPages(data, int(f.Fd()))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("page CRCs: %08x\n", sums)

	flags, err := unix.Mmap(-1, 0, pages, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		log.Fatal(err)
	}
	markEmpty(data, flags)
	fmt.Println("empty pages:", flags)
}
