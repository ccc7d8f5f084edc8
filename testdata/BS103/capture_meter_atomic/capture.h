#ifndef CAPTURE_H
#define CAPTURE_H

// capture_run records from nmics simulated microphones, each on a thread of
// its own, for the given number of buffers. After every buffer it calls
// goOnCaptureBuffer with the microphone, the buffer's peak sample and its
// frame count.
void capture_run(int nmics, int buffers);

#endif
