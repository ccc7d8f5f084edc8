#include "textflag.h"

// func polyBlocks(h *[3]uint64, r *[2]uint64, msg []byte)
TEXT ·polyBlocks(SB),NOSPLIT,$0-40
	MOVQ h+0(FP), DI
	MOVQ r+8(FP), SI
	MOVQ msg_base+16(FP), DX
	MOVQ msg_len+24(FP), CX
	SHRQ $4, CX
	JZ done
loop:
	MOVQ 0(DX), AX
	ADDQ AX, 0(DI)
	MOVQ 8(DX), AX
	ADCQ AX, 8(DI)
	ADCQ $1, 16(DI)
	MOVQ 0(SI), AX
	IMULQ 0(DI), AX
	MOVQ AX, 0(DI)
	ADDQ $16, DX
	DECQ CX
	JNZ loop
done:
	RET

// func foldTag(out *[16]byte, h *[3]uint64, s *[2]uint64)
TEXT ·foldTag(SB),NOSPLIT,$0-24
	MOVQ out+0(FP), DI
	MOVQ h+8(FP), SI
	MOVQ s+16(FP), DX
	MOVQ 0(SI), AX
	MOVQ 8(SI), BX
	ADDQ 0(DX), AX
	ADCQ 8(DX), BX
	MOVQ AX, 0(DI)
	MOVQ BX, 8(DI)
	RET
