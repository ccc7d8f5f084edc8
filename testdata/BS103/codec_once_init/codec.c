#include <pthread.h>
#include <stdlib.h>

#include "codec.h"
#include "_cgo_export.h"

#define CODEC_MAX_TILES 64

struct tile {
	char *profile;
	int index;
	unsigned char *out;
};

static void *decode_tile(void *arg) {
	struct tile *t = arg;
	int profile = goColorProfile(t->profile);
	for (int i = 0; i < CODEC_TILE; i++) {
		int raw = (t->index * CODEC_TILE + i) * 7 % 256;
		t->out[i] = (unsigned char)(profile < 0 ? raw : goGamma(raw));
	}
	return NULL;
}

void codec_decode(const char *profile, int ntiles, unsigned char *out) {
	pthread_t threads[CODEC_MAX_TILES];
	struct tile tiles[CODEC_MAX_TILES];
	int started = 0;

	if (ntiles > CODEC_MAX_TILES) {
		ntiles = CODEC_MAX_TILES;
	}
	for (int i = 0; i < ntiles; i++) {
		tiles[started].profile = (char *)profile;
		tiles[started].index = i;
		tiles[started].out = out + i * CODEC_TILE;
		if (pthread_create(&threads[started], NULL, decode_tile, &tiles[started]) == 0) {
			started++;
		}
	}
	for (int i = 0; i < started; i++) {
		pthread_join(threads[i], NULL);
	}
}
