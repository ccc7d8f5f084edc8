package main

import "time"

// sampler records which CPU the profiled goroutine last ran on.
type sampler struct {
	lastCPU uint32
	lastTSC uint64
	stop    chan struct{}
}

// run samples the counter every millisecond until stop is closed.
func (s *sampler) run() {
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-tick.C:
			s.lastTSC = rdtscp(&s.lastCPU) // want BS402
		}
	}
}

// cpu reports the CPU of the last sample. Called by the UI while run is still
// storing into lastCPU from assembly.
func (s *sampler) cpu() uint32 {
	return s.lastCPU
}

// vendor reads the CPU vendor string on the calling goroutine only.
func vendor() string {
	var regs [4]uint32
	cpuid(0, 0, &regs)
	b := make([]byte, 0, 12)
	for _, r := range []uint32{regs[1], regs[3], regs[2]} {
		b = append(b, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
	}
	return string(b)
}
