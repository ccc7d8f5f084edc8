#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "device.h"
#include "_cgo_export.h"

static pthread_t playback;
static atomic_int running;
static int period_us;
static int frames;

static long long now_us(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void *playback_loop(void *arg) {
	(void)arg;
	long long start = now_us(), prev = start;
	struct timespec period = {0, (long)period_us * 1000};
	while (atomic_load(&running)) {
		nanosleep(&period, NULL);
		long long t = now_us();
		int kind = t - prev > period_us * 3 / 2 ? DEV_UNDERRUN : DEV_PERIOD;
		prev = t;
		goOnDeviceEvent(kind, frames, t - start);
	}
	return NULL;
}

int dev_open(int us, int frames_per_period) {
	period_us = us;
	frames = frames_per_period;
	atomic_store(&running, 1);
	return pthread_create(&playback, NULL, playback_loop, NULL);
}

void dev_close(void) {
	atomic_store(&running, 0);
	pthread_join(playback, NULL);
}
