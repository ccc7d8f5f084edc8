//go:build amd64

#include "textflag.h"

// func packBlock(dst, src []byte) int
TEXT ·packBlock(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	MOVQ CX, ret+48(FP)
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
	RET
