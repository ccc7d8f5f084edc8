//go:build amd64

#include "textflag.h"

// func decodeSeq(s *tables, src []byte) int
TEXT ·decodeSeq(SB), NOSPLIT, $0-40
	MOVQ s+0(FP), DI
	MOVQ src_base+8(FP), SI
	MOVQ src_len+16(FP), CX
	XORQ AX, AX
	TESTQ CX, CX
	JZ done
loop:
	MOVBQZX (SI), BX
	ADDQ BX, AX
	INCQ SI
	DECQ CX
	JNZ loop
done:
	MOVQ AX, (DI)
	MOVQ AX, ret+32(FP)
	RET
