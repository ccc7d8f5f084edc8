// Package app drives the camera for the preview window and for snapshots.
package app

import (
	"time"

	"example.com/camera/dev"
)

// RunPreview starts the camera and shows a frame every 40ms.
func RunPreview(cam *dev.Camera, frames int, show func(frame []byte, shutter, gain uint32)) {
	cam.Start()
	for i := 0; i < frames; i++ {
		time.Sleep(40 * time.Millisecond)
		shutter, gain := cam.Exposure()
		show(cam.Frame(), shutter, gain)
	}
}

// Snapshot grabs one frame into a fresh buffer without any goroutine.
func Snapshot(cam *dev.Camera, frameSize int) ([]byte, error) {
	buf := make([]byte, frameSize)
	if err := cam.GrabInto(buf); err != nil {
		return nil, err
	}
	buf[0] = 0xff // mark as a still
	return buf, nil
}
