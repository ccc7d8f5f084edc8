package main

// Hot-path helpers of the framing layer, marked //go:norace after a
// profiling session with -race. They touch whatever buffer the caller hands
// them, so any race on that buffer disappears from -race reports.

//go:norace
func crc16(b []byte) uint16 {
	crc := uint16(0xffff)
	for _, c := range b { // want BS401
		crc ^= uint16(c) << 8
		for i := 0; i < 8; i++ {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

//go:norace
func maskPayload(b []byte, key [4]byte) {
	for i := range b {
		b[i] ^= key[i&3] // want BS401
	}
}
