//go:build amd64

package popcount

// countOnes adds the set bits of p into *total (count_x86.s, POPCNT).
//
//go:noescape
func countOnes(total *uint64, p []byte)
