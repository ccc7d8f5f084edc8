package main

// echoRequest builds an ICMP echo request with the given identifier.
func echoRequest(id uint16, payload string) []byte {
	pkt := make([]byte, 8+len(payload))
	pkt[0] = 8
	pkt[4] = byte(id >> 8)
	pkt[5] = byte(id)
	copy(pkt[8:], payload)
	return pkt
}

// stamp writes a new sequence number and checksum into the request in place.
func stamp(pkt []byte, seq uint16) {
	pkt[6] = byte(seq >> 8)
	pkt[7] = byte(seq)
	pkt[2], pkt[3] = 0, 0
	var sum uint32
	for i := 0; i+1 < len(pkt); i += 2 {
		sum += uint32(pkt[i])<<8 | uint32(pkt[i+1])
	}
	sum = (sum >> 16) + (sum & 0xffff)
	sum += sum >> 16
	cs := ^uint16(sum)
	pkt[2], pkt[3] = byte(cs>>8), byte(cs)
}
