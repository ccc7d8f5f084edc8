package mq

/*
typedef struct { int fd; } sock;
typedef struct { void *handle; short events; } item;
static int sock_send(sock *s, int n) { return n; }
static void sock_close(sock *s) { }
static sock *sock_open(void) { return 0; }
*/
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"
)

// Channel holds a C handle that its finalizer destroys, like Socket. But every method that
// reads ch.h uses ch again afterwards (or reads a copy), so ch is reachable during the read
// and the finalizer cannot be running: not a finding.
type Channel struct {
	h     *C.sock
	sends int
}

func NewChannel() *Channel {
	ch := &Channel{h: C.sock_open()}
	runtime.SetFinalizer(ch, (*Channel).Close)
	return ch
}

func (ch *Channel) Close() {
	if ch.h == nil {
		return
	}
	C.sock_close(ch.h)
	ch.h = nil
}

// Poller keeps every channel it polls: Add reads ch.h and then stores ch.
type Poller struct {
	items []C.item
	chans []*Channel
}

func (p *Poller) Add(ch *Channel, events int) int {
	var it C.item
	it.handle = unsafe.Pointer(ch.h)
	it.events = C.short(events)
	p.items = append(p.items, it)
	p.chans = append(p.chans, ch)
	return len(p.items) - 1
}

// Flush uses the channel in a deferred call: live until Flush returns.
func Flush(ch *Channel, n int) int {
	defer func() { ch.sends++ }()
	return int(C.sock_send(ch.h, C.int(n)))
}

// Describe reads the handle of a copy of the channel, which no finalizer is given.
func Describe(ch Channel) string {
	return fmt.Sprintf("channel(%p)", ch.h)
}
