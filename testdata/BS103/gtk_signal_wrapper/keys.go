// Package hotkeys watches the keyboard of a GTK 3 window. g_signal_connect is a macro, which
// cgo cannot call, so the preamble wraps it in connect_signal and the Go code connects its
// handlers through that wrapper: GTK runs them on its main loop, one at a time, inside
// gtk_main. `onKeyPress` writes the package's state with no lock and is not a finding
// (before, a handler handed to a wrapper was taken to run on any thread).
//
// `onKeyRelease` is connected the same way, but the Go code also installs it as the
// fallback that poll_input calls, on a goroutine of its own: that call runs off the main
// loop, and its writes race with the main loop's.
package hotkeys

/*
#cgo pkg-config: gtk+-3.0
#include <gtk/gtk.h>

extern gboolean onKeyPress(GtkWidget *w, GdkEventKey *ev, gpointer data);
extern gboolean onKeyRelease(GtkWidget *w, GdkEventKey *ev, gpointer data);

static void connect_signal(void *obj, const char *sig, void *cb, gpointer data) {
	g_signal_connect(obj, sig, G_CALLBACK(cb), data);
}

typedef gboolean (*key_handler)(GtkWidget *, GdkEventKey *, gpointer);
static key_handler fallback;

static void set_fallback(void *cb) {
	fallback = (key_handler)cb;
}

static void poll_input(void) {
	if (fallback != NULL) {
		fallback(NULL, NULL, NULL);
	}
}
*/
import "C"

import "unsafe"

var (
	pressed  int
	lastKey  uint
	released int
)

//export onKeyPress
func onKeyPress(w *C.GtkWidget, ev *C.GdkEventKey, data C.gpointer) C.gboolean {
	pressed++
	if ev != nil {
		lastKey = uint(ev.keyval)
	}
	return 0
}

//export onKeyRelease
func onKeyRelease(w *C.GtkWidget, ev *C.GdkEventKey, data C.gpointer) C.gboolean {
	released++ // want BS103
	return 0
}

// Watch connects the handlers to a window and runs GTK's main loop.
func Watch(window *C.GtkWidget) {
	press, release := C.CString("key-press-event"), C.CString("key-release-event")
	defer C.free(unsafe.Pointer(press))
	defer C.free(unsafe.Pointer(release))
	C.connect_signal(unsafe.Pointer(window), press, C.onKeyPress, nil)
	C.connect_signal(unsafe.Pointer(window), release, C.onKeyRelease, nil)
	C.set_fallback(C.onKeyRelease)
	go C.poll_input()
	C.gtk_main()
}
