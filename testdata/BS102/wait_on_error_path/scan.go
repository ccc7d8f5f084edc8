// Package scanner has C fill a page on a goroutine while it reads the page's header.
//
// Scan waits for the goroutine only on its error path, inside an `if` that returns: the
// write after that `if` runs while C may still be filling the page, which is a race (a build
// that took any receive before an access to order it missed this). Inside the error path,
// after the wait, the page is the caller's alone: clearing it there is no race.
package scanner

/*
#include <stddef.h>
int scan_page(void *page, size_t n);
int read_header(int fd);
*/
import "C"

import (
	"errors"
	"unsafe"
)

var errHeader = errors.New("scanner: bad header")

// Scan fills page through C on a goroutine and stamps it.
func Scan(fd int, page []byte) error {
	done := make(chan struct{})
	go func() {
		C.scan_page(unsafe.Pointer(&page[0]), C.size_t(len(page))) // want BS102
		close(done)
	}()
	if C.read_header(C.int(fd)) < 0 {
		<-done
		page[0] = 0
		return errHeader
	}
	page[1] = 1
	<-done
	return nil
}
