#include <pthread.h>

#include "host.h"
#include "_cgo_export.h"

static void gzip_init(void) {
	goRegisterCommand("gzip", 1);
	goRegisterCommand("gunzip", 1);
}

static void tar_init(void) {
	goRegisterCommand("tar", 2);
}

static void digest_init(void) {
	goRegisterCommand("sha256", 1);
	goRegisterCommand("sha512", 1);
	// digest also provides a faster gzip, and may win or lose the race with
	// the gzip plugin.
	goRegisterCommand("gzip", 1);
}

static void (*const plugins[])(void) = {gzip_init, tar_init, digest_init};

#define NPLUGINS ((int)(sizeof plugins / sizeof plugins[0]))

static void *run_init(void *arg) {
	int i = *(int *)arg;
	plugins[i]();
	return NULL;
}

int host_load_all(void) {
	pthread_t threads[NPLUGINS];
	int index[NPLUGINS];
	int started = 0;

	for (int i = 0; i < NPLUGINS; i++) {
		index[i] = i;
		if (pthread_create(&threads[started], NULL, run_init, &index[i]) == 0) {
			started++;
		}
	}
	for (int i = 0; i < started; i++) {
		pthread_join(threads[i], NULL);
	}
	return started;
}
