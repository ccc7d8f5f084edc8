package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
)

func loadCheckpoint(path string) map[int]int64 {
	ckpt := make(map[int]int64)
	f, err := os.Open(path)
	if err != nil {
		return ckpt
	}
	defer f.Close()
	in := bufio.NewScanner(f)
	for in.Scan() {
		var shard int
		var off int64
		if _, err := fmt.Sscanf(in.Text(), "%d %d", &shard, &off); err == nil {
			ckpt[shard] = off
		}
	}
	return ckpt
}

func saveCheckpoint(path string, ckpt map[int]int64, full bool) error {
	ids := make([]int, 0, len(ckpt))
	for id := range ckpt {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if full {
		fmt.Fprintln(w, "# full")
	}
	for _, id := range ids {
		fmt.Fprintf(w, "%d %d\n", id, ckpt[id])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}
