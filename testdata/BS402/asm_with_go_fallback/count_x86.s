//go:build amd64

#include "textflag.h"

// func countOnes(total *uint64, p []byte)
TEXT ·countOnes(SB),NOSPLIT,$0-32
	MOVQ total+0(FP), DI
	MOVQ p_base+8(FP), SI
	MOVQ p_len+16(FP), CX
	MOVQ (DI), AX
	TESTQ CX, CX
	JZ done
loop:
	MOVBQZX (SI), BX
	POPCNTQ BX, BX
	ADDQ BX, AX
	INCQ SI
	DECQ CX
	JNZ loop
done:
	MOVQ AX, (DI)
	RET
