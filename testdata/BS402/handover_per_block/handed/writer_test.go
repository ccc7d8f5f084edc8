//go:build amd64

package handed

import (
	"bytes"
	"io"
	"testing"
)

// Each case's input is encoded by the test's own goroutine, on its own writer.
func TestEncodeSync(t *testing.T) {
	cases := []struct {
		name  string
		input []byte
	}{
		{"zeros", make([]byte, 100)},
		{"text", []byte("a block of text")},
		{name: "repeat", input: bytes.Repeat([]byte{'x'}, 300)},
	}
	for _, tc := range cases {
		w := NewWriter(io.Discard, 1)
		w.encodeSync(tc.input)
	}
}

func FuzzEncodeSync(f *testing.F) {
	f.Add([]byte("seed"))
	f.Fuzz(func(t *testing.T, data []byte) {
		w := NewWriter(io.Discard, 1)
		w.encodeSync(data)
	})
}
