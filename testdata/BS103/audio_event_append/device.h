#ifndef DEVICE_H
#define DEVICE_H

enum {
	DEV_PERIOD = 1,   // a period of frames was played
	DEV_UNDERRUN = 2, // the ring ran dry before the next period
};

// dev_open starts the playback thread of a simulated sound card. Every
// period_us microseconds it calls goOnDeviceEvent from that thread.
int dev_open(int period_us, int frames_per_period);

// dev_close stops the playback thread and waits for it.
void dev_close(void);

#endif
