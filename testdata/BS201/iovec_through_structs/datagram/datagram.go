// Package datagram receives with recvmsg(2): the message header points at an iovec, the
// iovec at the payload buffer, and the header's Name at the sender's address. The kernel
// fills all of them while Stats reads the payload and the address on another goroutine.
package datagram

import (
	"syscall"
	"unsafe"
)

type receiver struct {
	fd      int
	payload []byte
	from    syscall.RawSockaddrInet4
}

func (r *receiver) receive() {
	iov := syscall.Iovec{Base: &r.payload[0]}
	iov.SetLen(len(r.payload))
	var msg syscall.Msghdr
	msg.Iov = &iov
	msg.Iovlen = 1
	msg.Name = (*byte)(unsafe.Pointer(&r.from))
	msg.Namelen = uint32(unsafe.Sizeof(r.from))
	syscall.Syscall(syscall.SYS_RECVMSG, uintptr(r.fd), uintptr(unsafe.Pointer(&msg)), 0) // want BS201
}

// Listen receives forever on a goroutine of its own.
func Listen(fd int) *receiver {
	r := &receiver{fd: fd, payload: make([]byte, 1500)}
	go func() {
		for {
			r.receive()
		}
	}()
	return r
}

// Stats reads the last payload's first byte and its sender's port.
func (r *receiver) Stats() (byte, uint16) {
	return r.payload[0], r.from.Port
}
