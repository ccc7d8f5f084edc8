#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "store.h"
#include "_cgo_export.h"

#define STORE_MAX_SHARDS 32

static void store_logf(int level, const char *fmt, int a, int b) {
	char line[128];
	snprintf(line, sizeof line, fmt, a, b);
	goStoreLog(level, line);
}

static void *compact_shard(void *arg) {
	int shard = (int)(long)arg;
	int live = 0, dead = 0;
	unsigned seed = (unsigned)shard * 2654435761u;

	store_logf(STORE_LOG_DEBUG, "shard %d: compaction started (%d)", shard, 0);
	for (int i = 0; i < 1000; i++) {
		seed = seed * 1103515245u + 12345u;
		if ((seed >> 16) % 4 == 0) {
			dead++;
		} else {
			live++;
		}
	}
	if (dead > 260) {
		store_logf(STORE_LOG_WARN, "shard %d: %d tombstones", shard, dead);
	}
	goOnShardCompacted(shard, live);
	store_logf(STORE_LOG_INFO, "shard %d: %d live keys kept", shard, live);
	return NULL;
}

void store_compact(int nshards) {
	pthread_t threads[STORE_MAX_SHARDS];
	int started = 0;

	if (nshards > STORE_MAX_SHARDS) {
		nshards = STORE_MAX_SHARDS;
	}
	for (int i = 0; i < nshards; i++) {
		if (pthread_create(&threads[started], NULL, compact_shard, (void *)(long)i) == 0) {
			started++;
		}
	}
	for (int i = 0; i < started; i++) {
		pthread_join(threads[i], NULL);
	}
}
