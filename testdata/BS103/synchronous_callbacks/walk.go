// Package walk visits a C tree through Go callbacks. C calls visitNode and countLeaf only
// during C.walk_tree and C.count_leaves, on the goroutine that called them: they are in
// order with it, like any Go call, so the Go side reading visited and leaves afterwards is
// not a race. onRow is just as synchronous, but the goroutine that calls C.scan_rows runs
// beside the code that reads rows: a race. onProgress is called from a thread that C starts and never joins: it runs
// at the same time as the Go code, and -race's ordering of callbacks hides that.
package walk

/*
#include <pthread.h>
#include <stdlib.h>

extern void visitNode(int);
extern void countLeaf(void);
extern void onProgress(int);
extern void onRow(void);

static void scan_rows(int n) {
	for (int i = 0; i < n; i++) {
		onRow();
	}
}

static void walk_tree(int n) {
	for (int i = 0; i < n; i++) {
		visitNode(i);
	}
}

static void *leaf_worker(void *arg) {
	for (int i = 0; i < 3; i++) {
		countLeaf();
	}
	return NULL;
}

// One thread, joined before returning: in order with the caller.
static void count_leaves(void) {
	pthread_t t;
	if (pthread_create(&t, NULL, leaf_worker, NULL) == 0) {
		pthread_join(t, NULL);
	}
}

static void *progress_loop(void *arg) {
	for (int i = 0; i < 100; i++) {
		onProgress(i);
	}
	return NULL;
}

// A detached reporter: never joined.
static void start_progress(void) {
	pthread_t t;
	pthread_create(&t, NULL, progress_loop, NULL);
	pthread_detach(t);
}
*/
import "C"

var (
	rows     int
	visited  int
	leaves   int
	progress int
)

//export visitNode
func visitNode(i C.int) {
	visited += int(i)
}

//export countLeaf
func countLeaf() {
	leaves++
}

//export onProgress
func onProgress(p C.int) {
	progress = int(p) // want BS103
}

// onRow runs during C.scan_rows, on the goroutine that Import starts: at the same time as
// Import's own read of rows.
//
//export onRow
func onRow() {
	rows++ // want BS103
}

// Import scans in the background and reads the count meanwhile.
func Import() int {
	go func() {
		C.scan_rows(3)
	}()
	return rows
}

// Walk walks the tree and reads what the callbacks wrote.
func Walk(n int) (int, int) {
	C.walk_tree(C.int(n))
	C.count_leaves()
	return visited, leaves
}

// Progress starts the reporter and reads its progress while it runs.
func Progress() int {
	C.start_progress()
	return progress
}
