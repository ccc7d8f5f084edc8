package main

/*
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// draw_status repaints the terminal status bar, trimming trailing blanks
// of the line in place first.
static void draw_status(char *line) {
	size_t n = strlen(line);
	while (n > 0 && line[n - 1] == ' ') {
		line[--n] = '\0';
	}
	fprintf(stderr, "\r%s", line);
}
*/
import "C"

import (
	"fmt"
	"strings"
	"sync"
	"time"
	"unsafe"
)

const width = 48

func main() {
	line := C.CString(strings.Repeat(" ", width))
	stop := make(chan struct{})

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				C.draw_status(line) // want BS101
			}
		}
	}()

	// The copy loop rewrites the status text in place while the painter
	// goroutine may be inside draw_status.
	view := unsafe.Slice((*byte)(unsafe.Pointer(line)), width)
	for i, file := range []string{"a.tar", "b.tar", "c.tar"} {
		msg := fmt.Sprintf("[%d/3] copying %s", i+1, file)
		n := copy(view, msg)
		for j := n; j < width; j++ {
			view[j] = ' '
		}
		time.Sleep(60 * time.Millisecond)
	}
	close(stop)
	wg.Wait()

	fmt.Println()
	C.free(unsafe.Pointer(line))
}
