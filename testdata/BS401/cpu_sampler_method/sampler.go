package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"time"
)

// cpuSampler keeps a moving view of /proc/stat. run is started with
// `go s.run()` and was marked //go:norace because "it is only statistics";
// busy is nevertheless read by the reporting code on another goroutine with
// no synchronization at all.
type cpuSampler struct {
	every time.Duration
	busy  float64
}

//go:norace
func (s *cpuSampler) run() {
	var prevIdle, prevTotal uint64
	for {
		if idle, total, ok := readProcStat(); ok {
			if dTotal := total - prevTotal; dTotal > 0 {
				s.busy = 1 - float64(idle-prevIdle)/float64(dTotal) // want BS401
			}
			prevIdle, prevTotal = idle, total
		}
		time.Sleep(s.every)
	}
}

// Busy is called by the metrics reporter.
func (s *cpuSampler) Busy() float64 {
	return s.busy
}

// readProcStat returns the idle and total jiffies of the first line.
func readProcStat() (idle, total uint64, ok bool) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return 0, 0, false
	}
	for i, field := range strings.Fields(sc.Text())[1:] {
		v, err := strconv.ParseUint(field, 10, 64)
		if err != nil {
			return 0, 0, false
		}
		total += v
		if i == 3 {
			idle = v
		}
	}
	return idle, total, true
}
