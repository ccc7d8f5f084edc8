// Package symtab lists a module's symbols through a C symbol library whose header it
// includes. `onSymbol` is handed, as a function pointer, only to the library's
// `sym_foreach_function`, which calls it for each symbol before it returns: the callback
// runs within `Symbols`' C call, in order with it, and its writes to `table` do not race
// with `Symbols`' own. `onChange` is handed to `sym_watch`, which keeps it and calls it
// from the library's watcher thread whenever a module is reloaded: its write to `reloads`
// races with `Reloads`' read.
package symtab

/*
#cgo LDFLAGS: -lsymtab
#include <symtab/symtab.h>
extern void onSymbol(char *name, unsigned long long addr);
extern void onChange(char *module);
*/
import "C"

import (
	"sync"
	"unsafe"
)

var table = struct {
	mu      *sync.Mutex
	current string
	symbols map[string][]uint64
}{mu: &sync.Mutex{}, symbols: map[string][]uint64{}}

var reloads int

//export onSymbol
func onSymbol(name *C.char, addr C.ulonglong) {
	table.symbols[table.current] = append(table.symbols[table.current], uint64(addr))
}

//export onChange
func onChange(module *C.char) {
	reloads++ // want BS103
}

// Symbols lists the addresses of a module's functions.
func Symbols(module string) []uint64 {
	table.mu.Lock()
	defer table.mu.Unlock()
	table.symbols[module] = nil
	table.current = module
	m := C.CString(module)
	defer C.free(unsafe.Pointer(m))
	C.sym_foreach_function(m, (C.sym_cb)(unsafe.Pointer(C.onSymbol)))
	return table.symbols[module]
}

// Watch asks the library to report reloaded modules.
func Watch() {
	C.sym_watch((C.change_cb)(unsafe.Pointer(C.onChange)))
}

// Reloads is how many modules were reloaded.
func Reloads() int {
	return reloads
}
