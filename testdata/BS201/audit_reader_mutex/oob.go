package main

import (
	"sync"
	"syscall"
)

// credSocket receives datagrams with SCM_CREDENTIALS. The embedded mutex
// guards both buffers: Recvmsg fills them under it and peerCreds parses the
// control data under it.
type credSocket struct {
	sync.Mutex
	fd   int
	data []byte
	oob  []byte
	oobn int
}

func (s *credSocket) serve(handle func(msg []byte)) {
	for {
		s.Lock()
		n, oobn, _, _, err := syscall.Recvmsg(s.fd, s.data, s.oob, 0)
		if err != nil {
			s.Unlock()
			return
		}
		s.oobn = oobn
		handle(s.data[:n])
		s.Unlock()
	}
}

func (s *credSocket) peerCreds() (*syscall.Ucred, error) {
	s.Lock()
	defer s.Unlock()
	msgs, err := syscall.ParseSocketControlMessage(s.oob[:s.oobn])
	if err != nil || len(msgs) == 0 {
		return nil, err
	}
	return syscall.ParseUnixCredentials(&msgs[0])
}
