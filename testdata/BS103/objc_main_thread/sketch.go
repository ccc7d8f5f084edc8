// Package sketch is a drawing window on macOS. AppKit sends the view's messages (a resize,
// a key press, a redraw) on the main thread, one at a time, inside [NSApp run], which
// C.runApp enters from Main. So onResize's write of width, onKey's read of it, and
// onKey's own count are all in order: none is a race. A goroutine of the Go code that
// reads width while the run loop runs is a race, which -race cannot see because it orders
// every callback.
package sketch

/*
#cgo CFLAGS: -x objective-c
#cgo LDFLAGS: -framework Cocoa
void runApp(void);
void refresh(void);
*/
import "C"

var (
	width   int
	keys    int
	redraws int
)

//export onResize
func onResize(w int) {
	width = w // want BS103
}

//export onKey
func onKey(code int) {
	if code < width {
		keys++
	}
}

//export onRedraw
func onRedraw() {
	redraws++
}

// Main runs the application. The status goroutine reads width while the main thread's
// callbacks write it.
func Main(status chan<- int) {
	go func() {
		for {
			status <- width
		}
	}()
	C.runApp()
}

// Refresh asks the main queue to redraw, from any goroutine.
func Refresh() {
	C.refresh()
}
