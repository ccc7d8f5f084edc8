package popcount

import "log"

// ScanARM counts in the background on arm64, where countOnes is the Go fallback: -race
// sees both sides of this race, so it is none of blindspot's business.
func ScanARM(p []byte) {
	var total uint64
	go func() { countOnes(&total, p) }()
	log.Printf("partial %d", total)
}
