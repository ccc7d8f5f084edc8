#include "textflag.h"

// func spin(addr *uint32)
TEXT ·spin(SB),NOSPLIT,$0-8
	MOVQ addr+0(FP), AX
	MOVL $1, 0(AX)
	RET
