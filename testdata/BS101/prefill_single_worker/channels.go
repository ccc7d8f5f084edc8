package main

// #include <stdlib.h>
import "C"

import (
	"errors"
	"unsafe"

	"golang.org/x/sync/errgroup"
)

// decodeStereo converts both channels into C buffers for the resampler.
// Each errgroup goroutine owns one buffer; the caller reads both only after
// g.Wait.
func decodeStereo(left, right []int16) (int16, int16, error) {
	l := unsafe.Slice((*int16)(C.calloc(C.size_t(len(left)), 2)), len(left))
	r := unsafe.Slice((*int16)(C.calloc(C.size_t(len(right)), 2)), len(right))

	var g errgroup.Group
	g.Go(func() error { return attenuate(l, left) })
	g.Go(func() error { return attenuate(r, right) })
	err := g.Wait()

	pl, pr := peak(l), peak(r)
	C.free(unsafe.Pointer(&l[0]))
	C.free(unsafe.Pointer(&r[0]))
	return pl, pr, err
}

func attenuate(dst, src []int16) error {
	if len(dst) != len(src) {
		return errors.New("channel length mismatch")
	}
	for i, v := range src {
		dst[i] = v / 2
	}
	return nil
}

func peak(buf []int16) int16 {
	var p int16
	for _, v := range buf {
		if v > p {
			p = v
		}
	}
	return p
}
