#include "textflag.h"

// func callVDSO(fn uintptr, arg1, arg2 uintptr) uintptr
TEXT ·callVDSO(SB), NOSPLIT, $0-32
	MOVQ fn+0(FP), AX
	MOVQ arg1+8(FP), DI
	MOVQ arg2+16(FP), SI
	CALL AX
	MOVQ AX, ret+24(FP)
	RET
