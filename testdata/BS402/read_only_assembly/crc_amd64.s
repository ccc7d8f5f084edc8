#include "textflag.h"

// func crc32c(seed uint32, p []byte) uint32
TEXT ·crc32c(SB),NOSPLIT,$0-36
	MOVL seed+0(FP), AX
	MOVQ p_base+8(FP), SI
	MOVQ p_len+16(FP), CX
	TESTQ CX, CX
	JZ done
loop:
	CRC32B (SI), AX
	INCQ SI
	DECQ CX
	JNZ loop
done:
	MOVL AX, ret+32(FP)
	RET

// func scrub(p []byte)
TEXT ·scrub(SB),NOSPLIT,$0-24
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	XORQ AX, AX
	REP; STOSB
	RET
