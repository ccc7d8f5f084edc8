// Package capture records the screen on macOS. Its Objective-C hands frames to a
// background queue and answers a URL session's delegate messages, which Foundation sends
// on a queue of its own: onFrame and onUploaded run beside the main thread and beside each
// other, and so, once any code may message the view from another thread, do the view's
// callbacks. Each write races with another call of the same callback or with the reads
// named here; -race orders every callback, which hides all of them.
package capture

/*
#cgo CFLAGS: -x objective-c
#cgo LDFLAGS: -framework Cocoa
void runApp(void);
*/
import "C"

var (
	frames   int
	uploaded int
	zoom     float64
)

//export onFrame
func onFrame() {
	frames++ // want BS103
}

//export onUploaded
func onUploaded(n int) {
	uploaded += n // want BS103
}

//export onZoom
func onZoom(z float64) {
	zoom = z // want BS103
}

// Main runs the application until it quits.
func Main() {
	C.runApp()
}

// Zoom is the view's zoom factor.
func Zoom() float64 {
	return zoom
}
