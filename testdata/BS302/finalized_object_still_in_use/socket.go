package mq

/*
#include <stdlib.h>

typedef struct { int fd; } sock;

static sock *sock_open(void) { return calloc(1, sizeof(sock)); }
static int sock_send(sock *s, int n) { return n; }
static void sock_close(sock *s) { free(s); }
*/
import "C"

import (
	"runtime"
)

// Socket holds a C handle that its finalizer destroys.
type Socket struct {
	h     *C.sock
	sends int
}

func NewSocket() *Socket {
	s := &Socket{h: C.sock_open()}
	runtime.SetFinalizer(s, (*Socket).Close)
	return s
}

func (s *Socket) Close() {
	if s.h == nil {
		return
	}
	C.sock_close(s.h)
	s.h = nil // want BS302
}

// Send's last use of s is reading s.h: the finalizer may destroy the handle while
// sock_send still uses it (no runtime.KeepAlive(s)). The finding above pairs with this.
func (s *Socket) Send(n int) int {
	return int(C.sock_send(s.h, C.int(n)))
}
