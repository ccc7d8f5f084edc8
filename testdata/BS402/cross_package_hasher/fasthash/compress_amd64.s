#include "textflag.h"

// func compress(state *[8]uint64, blocks []byte)
TEXT ·compress(SB),NOSPLIT,$0-32
	MOVQ state+0(FP), DI
	MOVQ blocks_base+8(FP), SI
	MOVQ blocks_len+16(FP), CX
	SHRQ $6, CX
	JZ done
loop:
	MOVQ 0(SI), AX
	XORQ AX, 0(DI)
	MOVQ 8(SI), AX
	XORQ AX, 8(DI)
	ROLQ $17, 0(DI)
	ADDQ $64, SI
	DECQ CX
	JNZ loop
done:
	RET
