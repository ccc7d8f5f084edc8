package main

/*
#cgo LDFLAGS: -lpthread
#include "codec.h"
*/
import "C"

import (
	"math"
	"sync"
)

// profiles maps the ICC profile names the codec knows to their ids. Only
// init writes it; the decoder threads only look names up.
var profiles map[string]int

func init() {
	profiles = make(map[string]int)
	for i, name := range []string{"sRGB", "Display P3", "Adobe RGB (1998)"} {
		profiles[name] = i
	}
}

//export goColorProfile
func goColorProfile(name *C.char) C.int {
	id, ok := profiles[C.GoString(name)]
	if !ok {
		return -1
	}
	return C.int(id)
}

// The gamma table is built on first use, by whichever decoder thread gets
// there first.
var (
	gammaOnce   sync.Once
	gammaTable  [256]uint8
	initialized bool
)

func ensureGamma() {
	gammaOnce.Do(func() {
		for i := range gammaTable {
			gammaTable[i] = uint8(math.Round(255 * math.Pow(float64(i)/255, 1/2.2)))
		}
		initialized = true
	})
}

//export goGamma
func goGamma(v C.int) C.int {
	ensureGamma()
	return C.int(gammaTable[uint8(v)])
}
