// Package producer copies each message into C memory that the C library owns once
// enqueued; a delivery goroutine reads the payloads C hands back.
package producer

/*
#include <stdlib.h>

typedef struct { void *payload; int len; } message;

static void enqueue(message *m) { free(m->payload); }
static int poll(message *m) { return 0; }
*/
import "C"

import "unsafe"

// Send fills a fresh C buffer with copy before anything else sees it, then hands it to C:
// nothing can race with the fill (it was reported against Deliveries' reads).
func Send(value []byte) {
	var payload unsafe.Pointer
	payload = C.malloc(C.size_t(len(value)))
	copy(unsafe.Slice((*byte)(payload), len(value)), value)
	var m C.message
	m.payload = payload
	m.len = C.int(len(value))
	C.enqueue(&m)
}

// SendKeyed fills the value, copies the pointer into valp, then fills the key: copying the
// pointer into another local variable lets nothing out, so both fills come before anything
// else can reach the buffer (the second was reported; confluent-kafka-go's messageToC has
// this shape). The buffer is shared where valp is stored in the message.
func SendKeyed(value, key []byte) {
	var payload, valp unsafe.Pointer
	n := len(value) + len(key)
	payload = C.malloc(C.size_t(n))
	copy(unsafe.Slice((*byte)(payload), len(value)), value)
	valp = payload
	copy(unsafe.Slice((*byte)(payload), n)[len(value):], key)
	var m C.message
	m.payload = valp
	m.len = C.int(n)
	C.enqueue(&m)
}

// Resend refills a buffer that was already handed to the message: the delivery goroutine
// may be reading it.
func Resend(m *C.message, value []byte) {
	copy(unsafe.Slice((*byte)(m.payload), len(value)), value) // want BS101
}

// Deliveries reads every payload C reports in a goroutine of its own.
func Deliveries(out chan<- []byte) {
	go func() {
		var m C.message
		for C.poll(&m) > 0 {
			out <- C.GoBytes(m.payload, m.len)
		}
	}()
}
