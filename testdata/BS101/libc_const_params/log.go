// Package applog forwards log lines to the system log through libc. The tag is C memory
// made once; every goroutine hands it to functions whose prototypes take `const char *`.
package applog

/*
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
*/
import "C"

import (
	"bufio"
	"io"
	"unsafe"
)

var tag = C.CString("app")

// Forward logs each line of r from a goroutine of its own: syslog and strlen only read the
// tag, like Info's, so these are reads beside reads, not a race.
func Forward(r io.Reader) {
	go func() {
		s := bufio.NewScanner(r)
		for s.Scan() {
			line := C.CString(s.Text())
			C.syslog(C.LOG_INFO, tag, line)
			_ = C.strlen(tag)
			C.free(unsafe.Pointer(line))
		}
	}()
}

func Info(msg string) {
	line := C.CString(msg)
	C.syslog(C.LOG_INFO, tag, line)
	C.free(unsafe.Pointer(line))
}

// Retag overwrites the tag in place with strcpy, whose destination is written, while
// Forward's goroutine may be reading it.
func Retag(name string) {
	src := C.CString(name)
	C.strcpy(tag, src) // want BS101
	C.free(unsafe.Pointer(src))
}
