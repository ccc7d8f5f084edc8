// Package dnd tracks a drag over a GTK window. The C handlers are connected to GTK signals
// with g_signal_connect, so GTK runs them on its main loop, one at a time, inside
// `g_application_run`: `onDragEnter` and `onDragMotion` do not race with each other (not a
// finding: before, a handler connected to a signal was taken to run on any thread). The
// clean-up goroutine that `Drop` starts resets the hover state off the main loop: that races
// with the handlers.
package dnd

/*
#cgo pkg-config: gtk4
#include <gtk/gtk.h>

extern void onDragEnter(double x, double y);
extern void onDragMotion(double x, double y);

static GdkDragAction on_enter(GtkDropTarget *t, gdouble x, gdouble y, gpointer data) {
	onDragEnter(x, y);
	return GDK_ACTION_COPY;
}

static GdkDragAction on_motion(GtkDropTarget *t, gdouble x, gdouble y, gpointer data) {
	onDragMotion(x, y);
	return GDK_ACTION_COPY;
}

static void connect_drop(GtkWidget *w) {
	GtkDropTarget *target = gtk_drop_target_new(G_TYPE_STRING, GDK_ACTION_COPY);
	g_signal_connect(target, "enter", G_CALLBACK(on_enter), NULL);
	g_signal_connect(target, "motion", G_CALLBACK(on_motion), NULL);
	gtk_widget_add_controller(w, GTK_EVENT_CONTROLLER(target));
}
*/
import "C"

import "time"

var hover struct {
	x, y   float64
	inside bool
}

//export onDragEnter
func onDragEnter(x, y C.double) {
	hover.inside = true // want BS103
	hover.x, hover.y = float64(x), float64(y)
}

//export onDragMotion
func onDragMotion(x, y C.double) {
	if hover.inside {
		hover.x, hover.y = float64(x), float64(y)
	}
}

// Run connects the drop target and runs the application.
func Run(app *C.GApplication, w *C.GtkWidget) int {
	C.connect_drop(w)
	return int(C.g_application_run(app, 0, nil))
}

// Drop ends the drag after a moment, off the main loop.
func Drop() {
	go func() {
		time.Sleep(100 * time.Millisecond)
		hover.inside = false
	}()
}
