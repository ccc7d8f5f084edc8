#include "textflag.h"

// func pack(dst, src []byte) int
TEXT ·pack(SB),NOSPLIT,$0-56
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	TESTQ CX, CX
	JZ done
loop:
	MOVB (SI), AX
	MOVB AX, (DI)
	INCQ SI
	INCQ DI
	DECQ CX
	JNZ loop
done:
	MOVQ src_len+32(FP), AX
	MOVQ AX, ret+48(FP)
	RET
