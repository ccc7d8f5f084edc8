#include "textflag.h"

// func sum256(out *[32]byte, p []byte)
TEXT ·sum256(SB),NOSPLIT,$0-32
	MOVQ out+0(FP), DI
	MOVQ p_base+8(FP), SI
	MOVQ p_len+16(FP), CX
	PXOR X0, X0
	TESTQ CX, CX
	JZ store
loop:
	MOVBQZX (SI), AX
	MOVQ AX, X1
	PXOR X1, X0
	INCQ SI
	DECQ CX
	JNZ loop
store:
	MOVOU X0, 0(DI)
	MOVOU X0, 16(DI)
	RET

// func fillRandom(p []byte)
TEXT ·fillRandom(SB),NOSPLIT,$0-24
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	TESTQ CX, CX
	JZ done
loop:
	RDRANDQ AX
	MOVB AL, (DI)
	INCQ DI
	DECQ CX
	JNZ loop
done:
	RET
