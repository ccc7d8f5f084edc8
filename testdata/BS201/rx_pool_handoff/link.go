package main

import "syscall"

// resolveExe reads /proc/<pid>/exe on a helper goroutine; the caller looks
// at the buffer only after the goroutine signals completion.
func resolveExe(path string) string {
	target := make([]byte, 4096)
	n := 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		if m, err := syscall.Readlink(path, target); err == nil {
			n = m
		}
	}()
	<-done
	if n == 0 || target[0] != '/' {
		return ""
	}
	return string(target[:n])
}

// sendGreeting builds the datagram completely before the sending goroutine
// starts and does not touch it afterwards.
func sendGreeting(fd int, to syscall.Sockaddr, name string) {
	greeting := make([]byte, 0, 64)
	greeting = append(greeting, "HELLO "...)
	greeting = append(greeting, name...)
	greeting[5] = ':'
	go func() {
		if err := syscall.Sendto(fd, greeting, 0, to); err != nil {
			println("greeting:", err.Error())
		}
	}()
}
