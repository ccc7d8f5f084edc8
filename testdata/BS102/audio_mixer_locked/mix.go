package main

/*
#include <stdint.h>

// mix_s16 adds src into dst with saturation, in place.
static void mix_s16(int16_t *dst, const int16_t *src, int n) {
	for (int i = 0; i < n; i++) {
		int32_t v = (int32_t)dst[i] + src[i];
		dst[i] = v > 32767 ? 32767 : (v < -32768 ? -32768 : (int16_t)v);
	}
}

// peak_s16 returns the largest absolute sample of p[0..n).
static int peak_s16(int16_t *p, int n) {
	int peak = 0;
	for (int i = 0; i < n; i++) {
		int a = p[i] < 0 ? -p[i] : p[i];
		if (a > peak) {
			peak = a;
		}
	}
	return peak;
}
*/
import "C"

import (
	"sync"
	"unsafe"
)

// bus sums the voices routed to it. Every access to out holds mu.
type bus struct {
	mu  sync.Mutex
	out []int16
}

func newBus(frames int) *bus {
	return &bus{out: make([]int16, frames)}
}

// add mixes one voice into the bus.
func (b *bus) add(voice []int16) {
	b.mu.Lock()
	C.mix_s16((*C.int16_t)(unsafe.Pointer(&b.out[0])), (*C.int16_t)(unsafe.Pointer(&voice[0])), C.int(len(voice)))
	b.mu.Unlock()
}

// drain hands the mixed period to the sink and silences the bus.
func (b *bus) drain(sink func([]int16)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	sink(append([]int16(nil), b.out...))
	for i := range b.out {
		b.out[i] = 0
	}
}

// meter tracks the level of the master output. Its embedded mutex guards
// window.
type meter struct {
	sync.Mutex
	window [256]int16
	pos    int
}

// push appends samples to the metering window.
func (m *meter) push(samples []int16) {
	m.Lock()
	defer m.Unlock()
	for _, s := range samples {
		m.window[m.pos%len(m.window)] = s
		m.pos++
	}
}

// peak measures the window in C.
func (m *meter) peak() int {
	m.Lock()
	p := int(C.peak_s16((*C.int16_t)(unsafe.Pointer(&m.window[0])), C.int(len(m.window))))
	m.Unlock()
	return p
}
