//go:build amd64

#include "textflag.h"

// func countBytes(counts []uint32, p []byte)
TEXT ·countBytes(SB),NOSPLIT,$0-48
	MOVQ counts_base+0(FP), DI
	MOVQ p_base+24(FP), SI
	MOVQ p_len+32(FP), CX
	TESTQ CX, CX
	JZ done
loop:
	MOVBQZX (SI), AX
	INCL (DI)(AX*4)
	INCQ SI
	DECQ CX
	JNZ loop
done:
	RET
