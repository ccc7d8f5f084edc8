// Package media maps C frame buffers. `(*Frame).Close` is the package's only `Close`
// method, and it frees the frame's C memory. A goroutine that closes a queue of another
// package (`msgs.Close()`, where `msgs` comes from `queue.New`) calls that package's
// method, not the frame's: it does not free a frame (`Watch`, not a finding; before, a
// method of a value whose type the source does not show was taken to be the package's only
// method of that name). Package `framedrop` beside it closes a frame on a goroutine while
// its owner still reads the frame's C memory: a race.
package media

/*
#include <stdlib.h>
typedef struct { int width; int height; unsigned char *pixels; } frame_t;
void frame_fill(frame_t *f, int id);
*/
import "C"

import (
	"context"
	"unsafe"

	"example.com/media/media/internal/queue"
)

// Frame is a mapped C frame.
type Frame struct {
	c *C.frame_t
}

// Map maps frame id.
func Map(id int) *Frame {
	c := (*C.frame_t)(C.malloc(C.sizeof_frame_t))
	C.frame_fill(c, C.int(id))
	return &Frame{c: c}
}

// Close frees the frame.
func (f *Frame) Close() {
	C.free(unsafe.Pointer(f.c))
}

// Width is the frame's width.
func (f *Frame) Width() int {
	return int(f.c.width)
}

// Watch queues frame ids until ctx ends.
func Watch(ctx context.Context, ids []int) int {
	msgs := queue.New[*Frame]()
	go func() {
		<-ctx.Done()
		msgs.Close()
	}()
	f := Map(ids[0])
	msgs.Send(f)
	return f.Width()
}
