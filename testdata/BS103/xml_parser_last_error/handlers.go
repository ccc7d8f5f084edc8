package main

/*
#cgo LDFLAGS: -lpthread
#include "sax.h"
*/
import "C"

import (
	"fmt"
	"sync/atomic"
)

// parseStats is kept for the crash reporter, which reads it out of a core
// dump: nothing in the program itself looks at it.
type parseStats struct {
	lastError string
}

var stats parseStats

// elements counts start tags over every document; deepest is the deepest
// nesting seen in any of them.
var (
	elements atomic.Int64
	deepest  atomic.Int32
)

//export goOnStartElement
func goOnStartElement(name *C.char, depth C.int) {
	elements.Add(1)
	for {
		d := deepest.Load()
		if int32(depth) <= d || deepest.CompareAndSwap(d, int32(depth)) {
			return
		}
	}
}

//export goOnParseError
func goOnParseError(line C.int, msg *C.char) {
	stats.lastError = fmt.Sprintf("line %d: %s", int(line), C.GoString(msg)) // want BS103
}
