//go:build linux && !android

package viewer

/*
void processEvents(void);
*/
import "C"

// On X11, C calls onStop only from processEvents, which the event loop calls: in order with
// the loop, so the write to stopped is not a race. (android.c stores the Android onStop in
// a table of callbacks; that C is not built with this file.)
var stopped bool

//export onStop
func onStop() {
	stopped = true
}

func Loop() {
	for !stopped {
		C.processEvents()
	}
}
