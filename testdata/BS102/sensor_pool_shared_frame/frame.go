package sensors

/*
#include <stddef.h>
#include <unistd.h>

// sensor_read reads one raw frame from the sensor open on fd into buf.
static int sensor_read(int fd, void *buf, size_t n) {
	ssize_t got = read(fd, buf, n);
	return got < 0 ? -1 : (int)got;
}
*/
import "C"

import "unsafe"

const frameSize = 64

// readFrame fills buf with the next frame of the sensor open on fd and returns
// the number of bytes read.
func readFrame(fd int, buf []byte) int {
	return int(C.sensor_read(C.int(fd), unsafe.Pointer(&buf[0]), C.size_t(len(buf)))) // want BS102
}

// decode turns a raw frame into a reading: bytes 2-3 are the temperature in
// centidegrees, bytes 4-5 the relative humidity in per mille.
func decode(fd int, f []byte) Reading {
	return Reading{
		FD:       fd,
		Temp:     int16(uint16(f[2]) | uint16(f[3])<<8),
		Humidity: uint16(f[4]) | uint16(f[5])<<8,
	}
}
