//go:build amd64

#include "textflag.h"

// func chachaBlock(out *[64]byte, key *[32]byte, counter uint32)
TEXT ·chachaBlock(SB),NOSPLIT,$0-20
	MOVQ out+0(FP), DI
	MOVQ key+8(FP), SI
	MOVL counter+16(FP), AX
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVQ AX, X2
	PXOR X2, X0
	MOVOU X0, 0(DI)
	MOVOU X1, 16(DI)
	MOVOU X0, 32(DI)
	MOVOU X1, 48(DI)
	RET
