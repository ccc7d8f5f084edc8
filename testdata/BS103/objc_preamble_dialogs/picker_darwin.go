// Package picker shows macOS open panels. Its Objective-C is written in the cgo preamble
// (compiled with -x objective-c), not in a .m file, and is read as Objective-C.
//
// AppKit runs everything here on the main thread, inside [NSApp run], which C.runApp
// enters from Run: an open panel's completion handler when the panel ends (and Show, which
// begins the panel, runs there too: AppKit panels are begun on the main thread), a local
// event monitor, an animation's completion, and a block run either right away on the main
// thread or through dispatch_sync on the main queue. So panelDone's delete of the request
// Show made, onClick's count and onFaded's flag are in order with each other and with Show:
// none is a race (a build that read the preamble as C took panelDone to run beside Show).
//
// The status goroutine that Run starts reads clicks while the main thread writes it: that is
// a race, which -race cannot see because it orders every callback.
package picker

/*
#cgo CFLAGS: -x objective-c
#cgo LDFLAGS: -framework Cocoa
#import <Cocoa/Cocoa.h>

extern void panelDone(unsigned int id, long result);
extern void onClick(void);
extern void onFaded(void);
extern void onMenu(void);

static void runApp(void) {
	[NSEvent addLocalMonitorForEventsMatchingMask:NSEventMaskLeftMouseDown handler:^NSEvent *(NSEvent *event) {
		onClick();
		return event;
	}];
	[NSApp run];
}

static void showPanel(unsigned int id) {
	NSOpenPanel *panel = [NSOpenPanel openPanel];
	[panel beginWithCompletionHandler:^(NSModalResponse result) {
		panelDone(id, (long)result);
	}];
}

static void fadeOut(void *view) {
	NSView *v = (__bridge NSView *)view;
	[NSAnimationContext runAnimationGroup:^(NSAnimationContext *context) {
		context.duration = 0.2;
		[[v animator] setAlphaValue:0.0];
	} completionHandler:^{
		onFaded();
	}];
}

static void rebuildMenu(void) {
	void (^apply)(void) = ^{
		onMenu();
	};
	if ([NSThread isMainThread]) {
		apply();
	} else {
		dispatch_sync(dispatch_get_main_queue(), apply);
	}
}
*/
import "C"

import "unsafe"

var (
	requests = map[uint]chan int{}
	nextID   uint
	clicks   int
	faded    bool
	menus    int
)

//export panelDone
func panelDone(id C.uint, result C.long) {
	if ch, ok := requests[uint(id)]; ok {
		ch <- int(result)
		delete(requests, uint(id))
	}
}

//export onClick
func onClick() {
	clicks++ // want BS103
}

//export onFaded
func onFaded() {
	faded = true
}

//export onMenu
func onMenu() {
	menus++
}

// Show begins an open panel; the answer arrives on the channel.
func Show() chan int {
	nextID++
	ch := make(chan int, 1)
	requests[nextID] = ch
	C.showPanel(C.uint(nextID))
	return ch
}

// FadeOut fades a view out, on the main thread as AppKit's animator requires.
func FadeOut(view unsafe.Pointer) {
	faded = false
	C.fadeOut(view)
}

// RebuildMenu rebuilds the menu from any goroutine and says how many times it was built.
func RebuildMenu() int {
	C.rebuildMenu()
	return menus
}

// Run runs the application; the status goroutine reports clicks.
func Run(status chan<- int) {
	go func() {
		for {
			status <- clicks
		}
	}()
	C.runApp()
}
