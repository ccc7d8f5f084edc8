// Package droid runs a Go program inside an Android app, built with -buildmode=c-shared.
// Java calls `Java_org_droid_Go_runGoMain` once at start-up; it records the app's data
// directory, then starts the program's `main.main` on a goroutine. The program reads the
// directory through `DataDir` only after that `go` statement, so the write is not a race
// (not a finding: before, any access outside a callback was taken to run beside it, and a
// callback with none was taken to race with itself). What the callback writes after it
// starts the program (`started`) races with the program's reads, as do the writes of
// callbacks Java makes while the program runs (`onPause`).
package droid

/*
#include <jni.h>
*/
import "C"

import (
	"sync"
	_ "unsafe" // for go:linkname
)

//go:linkname mainMain main.main
func mainMain()

var (
	mainOnce sync.Once
	dataPath string
	started  bool
	paused   bool
)

func runMain() {
	mainOnce.Do(func() {
		fn := mainMain
		go fn()
	})
}

//export Java_org_droid_Go_runGoMain
func Java_org_droid_Go_runGoMain(env *C.JNIEnv, class C.jclass, dir C.jstring) {
	dataPath = "/data/app"
	runMain()
	started = true // want BS103
}

//export Java_org_droid_Go_onPause
func Java_org_droid_Go_onPause(env *C.JNIEnv, class C.jclass) {
	paused = true // want BS103
}

// DataDir is the app's private data directory.
func DataDir() string {
	if dataPath == "" {
		panic("DataDir called before main")
	}
	return dataPath
}

// Started reports whether start-up finished.
func Started() bool { return started }

// Paused reports whether the app is in the background.
func Paused() bool { return paused }
