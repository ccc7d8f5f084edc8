#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "capture.h"
#include "_cgo_export.h"

#define CAPTURE_MAX_MICS 8
#define CAPTURE_FRAMES 256

struct mic {
	int id;
	int buffers;
};

static void *record_mic(void *arg) {
	struct mic *m = arg;
	int16_t buf[CAPTURE_FRAMES];
	uint32_t seed = 0x9e3779b9u * (uint32_t)(m->id + 1);
	struct timespec period = {0, 2 * 1000 * 1000};

	for (int b = 0; b < m->buffers; b++) {
		int peak = 0;
		for (int i = 0; i < CAPTURE_FRAMES; i++) {
			seed ^= seed << 13;
			seed ^= seed >> 17;
			seed ^= seed << 5;
			// Microphone 0 is the hot one; each next one is 6 dB quieter.
			buf[i] = (int16_t)((int16_t)(seed & 0xffff) >> m->id);
			int a = buf[i] < 0 ? -buf[i] : buf[i];
			if (a > peak) {
				peak = a;
			}
		}
		goOnCaptureBuffer(m->id, peak, CAPTURE_FRAMES);
		nanosleep(&period, NULL);
	}
	return NULL;
}

void capture_run(int nmics, int buffers) {
	pthread_t threads[CAPTURE_MAX_MICS];
	struct mic mics[CAPTURE_MAX_MICS];
	int started = 0;

	if (nmics > CAPTURE_MAX_MICS) {
		nmics = CAPTURE_MAX_MICS;
	}
	for (int i = 0; i < nmics; i++) {
		mics[started].id = i;
		mics[started].buffers = buffers;
		if (pthread_create(&threads[started], NULL, record_mic, &mics[started]) == 0) {
			started++;
		}
	}
	for (int i = 0; i < started; i++) {
		pthread_join(threads[i], NULL);
	}
}
