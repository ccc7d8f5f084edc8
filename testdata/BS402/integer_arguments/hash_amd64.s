#include "textflag.h"

// func memhash(p unsafe.Pointer, seed, n uintptr) uintptr
TEXT ·memhash(SB),NOSPLIT,$0-32
	MOVQ seed+8(FP), AX
	MOVQ AX, ret+24(FP)
	RET
