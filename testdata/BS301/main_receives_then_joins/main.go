package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

const shards = 8

// checkpoint holds the offset each shard resumes from. The consumers read it
// as they start; main writes it back only after they have all returned.
var checkpoint map[int]int64

// fullDump is set on SIGUSR1 by the watcher and read by main after wg.Wait.
var fullDump bool

func main() {
	path := flag.String("checkpoint", "snapshotd.ckpt", "checkpoint file")
	flag.Parse()
	checkpoint = loadCheckpoint(*path)

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1)

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-usr1:
				log.Printf("snapshotd: full dump requested for shutdown")
				fullDump = true
			case <-ctx.Done():
				return
			}
		}
	}()

	offsets := make([]int64, shards)
	for i := 0; i < shards; i++ {
		wg.Add(1)
		go func(shard int) {
			defer wg.Done()
			offsets[shard] = consume(ctx, shard, checkpoint[shard])
		}(i)
	}

	s := <-sigs
	log.Printf("snapshotd: %v, stopping consumers", s)
	cancel()
	wg.Wait()
	for shard, off := range offsets {
		checkpoint[shard] = off
	}
	if err := saveCheckpoint(*path, checkpoint, fullDump); err != nil {
		log.Fatalf("snapshotd: %v", err)
	}
}

func consume(ctx context.Context, shard int, from int64) int64 {
	off := from
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return off
		case <-tick.C:
			off += int64(10 + shard)
		}
	}
}
