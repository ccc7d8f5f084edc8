package main

// rdtscp returns the time-stamp counter and stores IA32_TSC_AUX (the number of
// the CPU the instruction ran on) in *aux.
//
//go:noescape
func rdtscp(aux *uint32) uint64

// cpuid runs CPUID for leaf and subleaf and stores EAX, EBX, ECX, EDX in out.
//
//go:noescape
func cpuid(leaf, subleaf uint32, out *[4]uint32)
