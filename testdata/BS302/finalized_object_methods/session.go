package codec

/*
#include <stdlib.h>

typedef struct { char *state; } session;

static session *session_open(void) { return calloc(1, sizeof(session)); }
static int session_step(session *s, int n) { return n; }
static void session_close(session *s) { free(s); }
*/
import "C"

import "runtime"

// Session holds a C handle. Its finalizer's Close destroys the handle while Step, whose
// last use of s is reading s.h, may still be inside session_step with it: Step keeps no
// runtime.KeepAlive(s). Found, at the write that marks the handle released.
type Session struct {
	h *C.session
}

func Open() *Session {
	s := &Session{h: C.session_open()}
	runtime.SetFinalizer(s, (*Session).Close)
	return s
}

func (s *Session) Step(n int) int {
	return int(C.session_step(s.h, C.int(n)))
}

func (s *Session) Close() {
	if s.h == nil {
		return
	}
	C.session_close(s.h)
	s.h = nil // want BS302
}
