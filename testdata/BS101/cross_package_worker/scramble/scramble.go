// Package scramble whitens frames in the background.
package scramble

import "sync"

// Start whitens frame on a goroutine of its own and returns at once: the
// goroutine keeps writing frame after Start has returned.
func Start(frame []byte, seed byte) {
	go func() {
		for i := range frame {
			frame[i] ^= seed + byte(i)
		}
	}()
}

// Process does the same work but waits for it before returning.
func Process(frame []byte, seed byte) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range frame {
			frame[i] ^= seed + byte(i)
		}
	}()
	wg.Wait()
}
