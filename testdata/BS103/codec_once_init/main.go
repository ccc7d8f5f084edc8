package main

// #include <stdlib.h>
// #include "codec.h"
import "C"

import (
	"fmt"
	"unsafe"
)

func decode(profile string, tiles int) []byte {
	name := C.CString(profile)
	defer C.free(unsafe.Pointer(name))
	out := (*C.uchar)(C.malloc(C.size_t(tiles * C.CODEC_TILE)))
	defer C.free(unsafe.Pointer(out))
	C.codec_decode(name, C.int(tiles), out)
	return C.GoBytes(unsafe.Pointer(out), C.int(tiles*C.CODEC_TILE))
}

func main() {
	for _, profile := range []string{"sRGB", "ProPhoto"} {
		img := decode(profile, 8)
		fmt.Printf("%-8s first samples %v\n", profile, img[:6])
	}
	// Do has returned in this goroutine too, so the table and the flag are
	// complete here.
	ensureGamma()
	fmt.Println("gamma table ready:", initialized, "mid-grey maps to", gammaTable[128])
}
