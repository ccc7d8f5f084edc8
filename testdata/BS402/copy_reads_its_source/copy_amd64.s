#include "textflag.h"

// func copyBlock(dst, src []byte)
TEXT ·copyBlock(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	CMPQ CX, $8
	JB   done

	// The first eight bytes unaligned, then on from dst's next 8-byte boundary, with
	// BX as far into src as DI is into dst.
	MOVQ (SI), AX
	MOVQ AX, (DI)
	MOVQ DI, BX
	ANDQ $7, BX
	MOVQ $8, R8
	SUBQ BX, R8
	ADDQ R8, DI
	MOVQ SI, BX
	ADDQ R8, BX
	SUBQ R8, CX
	SHRQ $3, CX
	JZ   done

loop:
	MOVQ (BX), AX
	MOVQ AX, (DI)
	ADDQ $8, BX
	ADDQ $8, DI
	DECQ CX
	JNZ  loop

done:
	RET
