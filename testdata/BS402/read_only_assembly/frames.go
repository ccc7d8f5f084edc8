package framecheck

import (
	"log"
	"time"
)

// Frame is a received frame. Its payload is only ever read once it is published.
type Frame struct {
	Payload []byte
}

// Audit checksums the frame in the background while the caller logs its head. Both sides
// only read the payload, and the assembly checksum only loads from it: nothing races.
func Audit(f *Frame) {
	go func() {
		for {
			log.Printf("crc %08x", crc32c(0, f.Payload))
			time.Sleep(time.Second)
		}
	}()
	log.Printf("head %x", f.Payload[:4])
}

// Secret is key material wiped when it is retired.
type Secret struct {
	Key []byte
}

// Retire scrubs the key in the background while the caller still reads it: the assembly
// writes memory a Go read uses, and -race sees neither side of that pair.
func Retire(s *Secret) {
	go func() {
		scrub(s.Key) // want BS402
	}()
	log.Printf("key id %x", s.Key[:2])
}

// Packet is an outgoing packet, patched in place.
type Packet struct {
	Data []byte
}

// Patch rewrites the first byte while a background checksum reads the data: the Go write
// is seen by -race, the assembly's loads are not.
func Patch(p *Packet, b byte) {
	go func() {
		log.Printf("crc %08x", crc32c(0, p.Data)) // want BS402
	}()
	p.Data[0] = b
}
