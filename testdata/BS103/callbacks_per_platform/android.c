//go:build android

#include "_cgo_export.h"

struct callbacks { void (*stop)(void); };
static struct callbacks table;

void registerCallbacks(void) {
	table.stop = onStop;
}
