#import <Cocoa/Cocoa.h>

extern void onFrame(void);
extern void onUploaded(int);
extern void onZoom(double);

@interface CaptureView : NSView
@end

@interface Uploader : NSObject <NSURLSessionDataDelegate>
@end

@implementation CaptureView
- (void)magnifyWithEvent:(NSEvent *)event {
	onZoom(event.magnification);
	dispatch_async(dispatch_get_global_queue(QOS_CLASS_USER_INITIATED, 0), ^{
		onFrame();
	});
}
@end

@implementation Uploader
- (void)URLSession:(NSURLSession *)session dataTask:(NSURLSessionDataTask *)task didReceiveData:(NSData *)data {
	onUploaded((int)data.length);
}
@end

void runApp(void) {
	[NSApplication sharedApplication];
	[NSApp run];
}
