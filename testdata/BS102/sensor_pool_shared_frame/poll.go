// Package sensors polls a set of I2C-bridge sensors exposed as file descriptors.
package sensors

import "sync"

// Reading is one decoded sensor frame.
type Reading struct {
	FD       int
	Temp     int16
	Humidity uint16
}

// frame is the receive buffer, kept at package level to avoid allocating one
// per poll.
var frame [frameSize]byte

// PollAll reads every sensor at once. All the workers read into the same
// package-level frame: one worker's C read overwrites the frame another worker
// is decoding.
func PollAll(fds []int) []Reading {
	out := make([]Reading, len(fds))
	var wg sync.WaitGroup
	for i, fd := range fds {
		wg.Add(1)
		go func(i, fd int) {
			defer wg.Done()
			if readFrame(fd, frame[:]) < 6 {
				return
			}
			out[i] = decode(fd, frame[:])
		}(i, fd)
	}
	wg.Wait()
	return out
}

// PollSequential polls one sensor after the other on the caller's goroutine;
// the shared frame is fine here.
func PollSequential(fds []int) []Reading {
	var out []Reading
	for _, fd := range fds {
		if readFrame(fd, frame[:]) < 6 {
			continue
		}
		out = append(out, decode(fd, frame[:]))
	}
	return out
}

// PollEach is the fixed PollAll: each worker reads into a frame of its own,
// declared inside the goroutine.
func PollEach(fds []int) []Reading {
	out := make([]Reading, len(fds))
	var wg sync.WaitGroup
	for i, fd := range fds {
		wg.Add(1)
		go func(i, fd int) {
			defer wg.Done()
			var own [frameSize]byte
			if readFrame(fd, own[:]) < 6 {
				return
			}
			out[i] = decode(fd, own[:])
		}(i, fd)
	}
	wg.Wait()
	return out
}
