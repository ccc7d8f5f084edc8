//go:build amd64

#include "textflag.h"

// func emitLiteral(dst, lit []byte) int
TEXT ·emitLiteral(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ lit_base+24(FP), SI
	MOVQ lit_len+32(FP), CX
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

// func checksum(tmp *[256]uint32, src []byte) uint32
TEXT ·checksum(SB), NOSPLIT, $0-36
	MOVQ tmp+0(FP), AX
	MOVQ src_base+8(FP), BX
	MOVQ src_len+16(FP), CX
	XORQ DX, DX
	TESTQ CX, CX
	JZ sum_done
sum_loop:
	MOVBQZX (BX), SI
	MOVL (AX)(SI*4), R8
	INCL R8
	MOVL R8, (AX)(SI*4)
	ADDL R8, DX
	INCQ BX
	DECQ CX
	JNZ sum_loop
sum_done:
	MOVL DX, ret+32(FP)
	RET
