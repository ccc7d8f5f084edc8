#include "textflag.h"

// func axpy(y []float32, a float32, x []float32)
TEXT ·axpy(SB),NOSPLIT,$0-56
	MOVQ y_base+0(FP), DI
	MOVQ y_len+8(FP), CX
	MOVSS a+24(FP), X0
	MOVQ x_base+32(FP), SI
	TESTQ CX, CX
	JZ done
loop:
	MOVSS (SI), X1
	MULSS X0, X1
	ADDSS (DI), X1
	MOVSS X1, (DI)
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JNZ loop
done:
	RET

// func dot(x, y []float32) float32
TEXT ·dot(SB),NOSPLIT,$0-52
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	MOVQ y_base+24(FP), DI
	XORPS X0, X0
	TESTQ CX, CX
	JZ done
loop:
	MOVSS (SI), X1
	MULSS (DI), X1
	ADDSS X1, X0
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JNZ loop
done:
	MOVSS X0, ret+48(FP)
	RET
