// Package sysx holds the low-level plumbing of the daemon: socket setup,
// raw receive wrappers and a goroutine supervisor.
package sysx

import (
	"log"
	"time"
)

// Supervise runs fn on a goroutine of its own and restarts it, after a
// pause, whenever it returns or panics. It returns at once.
func Supervise(name string, fn func()) {
	go func() {
		for {
			func() {
				defer func() {
					if r := recover(); r != nil {
						log.Printf("%s: panic: %v", name, r)
					}
				}()
				fn()
			}()
			log.Printf("%s: exited, restarting", name)
			time.Sleep(time.Second)
		}
	}()
}
