#import <Cocoa/Cocoa.h>

extern void onResize(int);
extern void onKey(int);
extern void onRedraw(void);

@interface SketchView : NSView
@end

@interface SketchDelegate : NSObject <NSApplicationDelegate>
@end

@implementation SketchView
- (void)setFrameSize:(NSSize)size {
	[super setFrameSize:size];
	onResize((int)size.width);
}

static void forward(NSEvent *event) {
	onKey((int)event.keyCode);
}

- (void)keyDown:(NSEvent *)event {
	forward(event);
}
@end

@implementation SketchDelegate
- (void)applicationDidFinishLaunching:(NSNotification *)note {
	[[NSArray arrayWithObject:@1] enumerateObjectsUsingBlock:^(id obj, NSUInteger i, BOOL *stop) {
		onResize(640);
	}];
}
@end

void refresh(void) {
	dispatch_async(dispatch_get_main_queue(), ^{
		onRedraw();
	});
}

void runApp(void) {
	[NSApplication sharedApplication];
	[NSApp setDelegate:[[SketchDelegate alloc] init]];
	[NSApp run];
}
