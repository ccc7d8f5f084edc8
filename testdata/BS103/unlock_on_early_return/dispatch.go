// Package dispatch runs Go functions on the UI thread: Go stores each function under an
// id, and the UI thread calls back with the id. `runCallback` takes the store's lock and
// gives it up early only on the path that returns; the delete after that `if` still holds
// it (not a finding: before, the first `Unlock` after `Lock` ended the lock for the whole
// function). `dropCallback` unlocks before its delete (a finding).
package dispatch

/*
void ui_post(unsigned int id);
*/
import "C"

import "sync"

var (
	storeMu sync.Mutex
	store   = map[uint]func(){}
	nextID  uint
)

// Dispatch runs fn on the UI thread.
func Dispatch(fn func()) {
	storeMu.Lock()
	nextID++
	id := nextID
	store[id] = fn
	storeMu.Unlock()
	C.ui_post(C.uint(id))
}

//export runCallback
func runCallback(cid C.uint) {
	storeMu.Lock()
	id := uint(cid)
	fn := store[id]
	if fn == nil {
		storeMu.Unlock()
		return
	}
	delete(store, id)
	storeMu.Unlock()
	fn()
}

//export dropCallback
func dropCallback(cid C.uint) {
	storeMu.Lock()
	fn := store[uint(cid)]
	storeMu.Unlock()
	if fn != nil {
		delete(store, uint(cid)) // want BS103
	}
}
