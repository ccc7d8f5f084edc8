package main

/*
#include <stdlib.h>
#include <string.h>
*/
import "C"

import (
	"fmt"
	"time"
)

func main() {
	const sessions = 1024
	base := growEntries(nil, sessions)
	C.memset(base, 0, C.size_t(sessions*entrySize))
	t := &sessionTable{base: base, n: sessions}

	out := make(chan int)
	go t.sweep(time.Now().Unix(), 30, out)

	for i := 0; i < sessions; i += 7 {
		t.Touch(i, time.Now().Unix())
	}
	expired := <-out

	fmt.Println("expired sessions:", expired)
	C.free(t.base)
}
