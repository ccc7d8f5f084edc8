// Package codec wraps a C decoder. The decoder state and its scratch buffer are C memory;
// a goroutine of each Stream feeds the decoder. Freeing memory is a write of all of it:
// Stream.Close frees the state while the feeding goroutine may still be inside
// C.decode_step with it, a race that -race cannot see because neither side is Go code.
// Decode waits for its goroutine before freeing the frame it fills: not a race.
package codec
