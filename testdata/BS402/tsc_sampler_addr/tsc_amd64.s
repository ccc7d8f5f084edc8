#include "textflag.h"

// func rdtscp(aux *uint32) uint64
TEXT ·rdtscp(SB),NOSPLIT,$0-16
	MOVQ aux+0(FP), DI
	RDTSCP
	MOVL CX, 0(DI)
	SHLQ $32, DX
	ORQ DX, AX
	MOVQ AX, ret+8(FP)
	RET

// func cpuid(leaf, subleaf uint32, out *[4]uint32)
TEXT ·cpuid(SB),NOSPLIT,$0-16
	MOVL leaf+0(FP), AX
	MOVL subleaf+4(FP), CX
	MOVQ out+8(FP), DI
	CPUID
	MOVL AX, 0(DI)
	MOVL BX, 4(DI)
	MOVL CX, 8(DI)
	MOVL DX, 12(DI)
	RET
