package popcount

import "log"

// Scan counts in the background while the caller reads the running total. On amd64 the
// count is the assembly, which -race does not see.
func Scan(p []byte) {
	var total uint64
	go func() { countOnes(&total, p) }() // want BS402
	log.Printf("partial %d", total)
}
