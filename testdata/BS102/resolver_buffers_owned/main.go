package main

import (
	"fmt"
	"sync"
)

type answer struct {
	name string
	ip   [4]byte
	id   [8]byte
}

// resolveAll resolves every name on its own goroutine. The name and output
// buffers are declared per iteration and the request id inside the goroutine:
// nothing the C calls write is shared.
func resolveAll(names []string) []answer {
	answers := make([]answer, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		cname := append([]byte(name), 0)
		addr := make([]byte, 64)
		wg.Add(1)
		go func() {
			defer wg.Done()
			var id [8]byte
			randomID(&id)
			a := answer{name: name, id: id}
			if n := lookup(cname, addr); n > 0 && addr[0] != 0 {
				a.ip = parseIPv4(addr[:n])
			}
			answers[i] = a
		}()
	}
	wg.Wait()
	return answers
}

// parseIPv4 parses a dotted quad; malformed input gives the zero address.
func parseIPv4(b []byte) (ip [4]byte) {
	part, v := 0, 0
	for _, c := range b {
		switch {
		case c == '.' && part < 3:
			ip[part], part, v = byte(v), part+1, 0
		case c >= '0' && c <= '9':
			v = v*10 + int(c-'0')
		default:
			return [4]byte{}
		}
	}
	ip[part] = byte(v)
	return ip
}

// stats holds one slot per shard; shard i's goroutine touches only slot i,
// and the slots are read after wg.Wait.
type stats struct {
	ids  [][8]byte
	hits []int
}

func sample(shards int) *stats {
	s := &stats{ids: make([][8]byte, shards), hits: make([]int, shards)}
	var wg sync.WaitGroup
	for i := 0; i < shards; i++ {
		wg.Add(1)
		go func(shard int) {
			defer wg.Done()
			randomID(&s.ids[shard])
			s.hits[shard]++
		}(i)
	}
	wg.Wait()
	for i, id := range s.ids {
		s.hits[i] += int(id[7] & 1) // odd ids count as a hit
	}
	return s
}

// pipeline recycles two buffers between a producer and this goroutine: a
// buffer is only touched by whoever last received it.
func pipeline(names []string) []string {
	free := make(chan []byte, 2)
	full := make(chan []byte, 2)
	free <- make([]byte, 64)
	free <- make([]byte, 64)
	go func() {
		for _, name := range names {
			buf := <-free
			n := lookup(append([]byte(name), 0), buf)
			if n < 0 {
				n = 0
			}
			full <- buf[:n]
		}
		close(full)
	}()
	var addrs []string
	for buf := range full {
		addrs = append(addrs, string(buf))
		buf[0] = 0
		free <- buf[:cap(buf)]
	}
	return addrs
}

func main() {
	for _, a := range resolveAll([]string{"db", "cache", "queue"}) {
		fmt.Printf("%s -> %d.%d.%d.%d (%x)\n", a.name, a.ip[0], a.ip[1], a.ip[2], a.ip[3], a.id)
	}
	fmt.Println(len(sample(4).ids))
	fmt.Println(pipeline([]string{"a", "bb", "ccc", "dddd"}))
}
