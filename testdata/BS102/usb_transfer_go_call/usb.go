// Package usbxfer drives bulk transfers through the vendor's C USB stack.
package usbxfer

/*
#include <stddef.h>

// usb_bulk_out sends data[0..n) on endpoint ep and stores the completion code
// in *status (1 done, negative on error). It blocks until the transfer ends.
static void usb_bulk_out(int ep, const unsigned char *data, size_t n, int *status) {
	*status = ep < 0 ? -1 : 1;
}

// secure_zero clears p[0..n) in a way the C compiler cannot elide.
static void secure_zero(void *p, size_t n) {
	volatile unsigned char *q = p;
	while (n--) {
		*q++ = 0;
	}
}
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// transfer is one bulk OUT transfer in flight.
type transfer struct {
	ep     int
	data   []byte
	status int32
}

func (t *transfer) submit() {
	C.usb_bulk_out(C.int(t.ep), (*C.uchar)(unsafe.Pointer(&t.data[0])), C.size_t(len(t.data)), (*C.int)(unsafe.Pointer(&t.status))) // want BS102
}

// BulkOut submits payload and spins until the stack posts a status. The C
// store to t.status and this loop's plain loads race: nothing orders them,
// and the compiler may even hoist the load out of the loop.
func BulkOut(ep int, payload []byte) int32 {
	t := &transfer{ep: ep, data: payload}
	go t.submit()
	for t.status == 0 {
		runtime.Gosched()
	}
	return t.status
}

func wipe(key []byte) {
	C.secure_zero(unsafe.Pointer(&key[0]), C.size_t(len(key))) // want BS102
}

// SignOnce derives the inner pad from key while a goroutine is already
// wiping the key: the pad may be built from zeroed or half-zeroed bytes.
func SignOnce(key []byte) [64]byte {
	var ipad [64]byte
	go wipe(key)
	for i := range ipad {
		ipad[i] = 0x36
		if i < len(key) {
			ipad[i] ^= key[i]
		}
	}
	return ipad
}

// SignAndWipe is the ordered version: the key is wiped synchronously once the
// pad is built.
func SignAndWipe(key []byte) [64]byte {
	var ipad [64]byte
	for i := range ipad {
		ipad[i] = 0x36
		if i < len(key) {
			ipad[i] ^= key[i]
		}
	}
	wipe(key)
	return ipad
}
