// Package meter samples a C power meter into Go variables of C struct types. A Go variable
// of a C struct type is Go memory like any other: `C.sample(&reading)` on the sampling
// goroutine writes it while Watts reads `reading.watts`, unseen by -race since C is not
// instrumented. The calibration is sampled and read under one mutex: not a race.
package meter

/*
typedef struct { int watts; int volts; } reading_t;
typedef struct { int offset; } calib_t;
void sample(reading_t *r);
void calibrate(calib_t *c);
*/
import "C"

import "sync"

var (
	reading C.reading_t
	calib   C.calib_t
	mu      sync.Mutex
)

func poll() {
	for {
		C.sample(&reading) // want BS102
		mu.Lock()
		C.calibrate(&calib)
		mu.Unlock()
	}
}

// Start samples on a goroutine of its own.
func Start() {
	go poll()
}

// Watts is the last reading's power.
func Watts() int {
	return int(reading.watts)
}

// Offset is the calibration offset, read under the sampler's mutex.
func Offset() int {
	mu.Lock()
	defer mu.Unlock()
	return int(calib.offset)
}
