//go:build amd64

#include "textflag.h"

// func unpack(dst *[256]byte, src []byte) int
TEXT ·unpack(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src_base+8(FP), SI
	MOVQ src_len+16(FP), CX
	ANDQ $255, CX
	MOVQ CX, ret+32(FP)
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
