//go:build android

package viewer

/*
void registerCallbacks(void);
*/
import "C"

// On Android the activity's callbacks table holds onStop: the system calls it from its own
// thread, at the same time as the Go code that reads paused.
var paused bool

//export onStop
func onStop() {
	paused = true // want BS103
}

func Start() {
	C.registerCallbacks()
}

func Paused() bool {
	return paused
}
