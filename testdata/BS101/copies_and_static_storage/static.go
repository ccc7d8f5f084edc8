package main

/*
// The capture library keeps its station name and calibration table in
// static storage: pointers into the binary's data, which -race checks.
static char station[32] = "north-ridge";
static double calib[16];

static char *current_station(void) { return station; }
static double *calib_table(void) { return calib; }
*/
import "C"

import (
	"fmt"
	"unsafe"
)

func recalibrate() {
	table := unsafe.Slice((*float64)(unsafe.Pointer(C.calib_table())), 16)
	name := (*[32]byte)(unsafe.Pointer(C.current_station()))

	done := make(chan struct{})
	go func() {
		for i := range table {
			table[i] = float64(i) * 0.25
		}
		name[0] = 'N'
		close(done)
	}()

	// Read while the goroutine writes: a race on C static storage, which
	// lies in the binary's data and is visible to -race.
	fmt.Println("gain:", table[3], "station initial:", name[0])
	table[0] = 1.0
	fmt.Println(describe(C.current_station()))
	<-done
}

func describe(name *C.char) string {
	return "station " + C.GoString(name)
}
