package main

import (
	"fmt"
	"log"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

func main() {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_AUDIT)
	if err != nil {
		log.Fatal(err)
	}
	r := &auditReader{fd: fd, buf: make([]byte, 8960)}
	go r.pump()

	pair, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_DGRAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	syscall.SetsockoptInt(pair[0], syscall.SOL_SOCKET, syscall.SO_PASSCRED, 1)
	s := &credSocket{fd: pair[0], data: make([]byte, 4096), oob: make([]byte, syscall.CmsgSpace(syscall.SizeofUcred))}
	go s.serve(func(msg []byte) { log.Printf("control message: %q", msg) })

	for i := 0; i < 10; i++ {
		time.Sleep(time.Second)
		fmt.Printf("audit: %s\n", r.lastRecord())
		if c, err := s.peerCreds(); err == nil {
			fmt.Println("peer pid:", c.Pid)
		}
	}
}
