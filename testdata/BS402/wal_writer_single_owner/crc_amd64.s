#include "textflag.h"

// func crc32cUpdate(crc uint32, p []byte) uint32
TEXT ·crc32cUpdate(SB),NOSPLIT,$0-36
	MOVL crc+0(FP), AX
	NOTL AX
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
	NOTL AX
	MOVL AX, ret+32(FP)
	RET

// func memclr(p []byte)
TEXT ·memclr(SB),NOSPLIT,$0-24
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	XORQ AX, AX
	TESTQ CX, CX
	JZ done
loop:
	MOVB AL, (DI)
	INCQ DI
	DECQ CX
	JNZ loop
done:
	RET
