package main

/*
#include <stdlib.h>

// read_sample returns a freshly allocated sample from the capture driver.
static unsigned char *read_sample(int n) {
	unsigned char *p = malloc(n);
	for (int i = 0; i < n; i++) {
		p[i] = (unsigned char)(i * 7);
	}
	return p;
}
*/
import "C"

import (
	"fmt"
	"sync"
	"unsafe"
)

// normalize works on Go copies of the C sample: C.GoBytes, C.GoString and
// C.GoStringN return Go memory. The two workers below race on the copy,
// which is an ordinary Go race that -race reports itself.
func normalize() {
	raw := C.read_sample(256)
	sample := C.GoBytes(unsafe.Pointer(raw), 256)
	tag := C.GoStringN((*C.char)(unsafe.Pointer(raw)), 4)
	C.free(unsafe.Pointer(raw))

	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range sample {
				sample[i] >>= 1
			}
		}()
	}
	sample[0] = 0xff
	wg.Wait()
	fmt.Printf("tag %q first %d\n", tag, sample[0])
}
