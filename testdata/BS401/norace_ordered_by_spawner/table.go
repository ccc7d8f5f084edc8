package main

// prefixTable maps the top byte of an IPv4 address to a region id. It is
// filled once by buildTable before any lookup goroutine starts, and only
// read afterwards.
var prefixTable [256]uint16

//go:norace
func buildTable(regions map[byte]uint16) {
	for i := range prefixTable {
		prefixTable[i] = 0xffff
	}
	for top, region := range regions {
		prefixTable[top] = region
	}
}

func lookup(ip [4]byte) uint16 {
	return prefixTable[ip[0]]
}
