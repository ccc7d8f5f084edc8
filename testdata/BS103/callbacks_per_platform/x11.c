//go:build linux && !android

#include "_cgo_export.h"

static int pending(void) { return 1; }

void processEvents(void) {
	while (pending()) {
		onStop();
	}
}
