// Package intargs hashes with an assembly function whose seed and length are uintptr
// parameters. Integers are not memory: passing `uintptr(len(b))` or a seed that is shared
// with another goroutine hands the assembly no memory. Only the pointer argument does.
package intargs

import "unsafe"

// memhash is implemented in hash_amd64.s.
func memhash(p unsafe.Pointer, seed, n uintptr) uintptr

type table struct {
	seed uintptr
	key  [16]byte
	buf  [64]byte
}

func (t *table) reseed() {
	for i := 0; i < 4; i++ {
		t.seed = uintptr(i) * 0x9e3779b9
	}
}

// Hash reads t.seed while reseed writes it: a plain Go race that -race reports, not one
// the assembly hides. The key is Hash's own.
func Hash(t *table) uintptr {
	go t.reseed()
	k := [16]byte{1, 2, 3}
	return memhash(unsafe.Pointer(&k[0]), t.seed, uintptr(len(k)))
}

// Mix seeds the hash with an address taken earlier, as an integer: the assembly gets a
// number, not the memory at it, so the goroutine writing t.key does not race with it.
// (Holding the address as a uintptr across the call is BS202's business.)
func Mix(t *table) uintptr {
	seed := uintptr(unsafe.Pointer(&t.key)) // want BS202
	go func() { t.key[0]++ }()
	var local [8]byte
	return memhash(unsafe.Pointer(&local[0]), seed, 8)
}

// Fill hands t.buf to the assembly while a goroutine writes it: a real finding.
func Fill(t *table) uintptr {
	go func() { t.buf[0] = 1 }()
	return memhash(unsafe.Pointer(&t.buf[0]), 0, 64) // want BS402
}
