// Package queue is a closable queue of the media package's messages.
package queue

// Queue holds values until they are received.
type Queue[T any] struct {
	c chan T
}

// New makes an empty queue.
func New[T any]() *Queue[T] { return &Queue[T]{c: make(chan T, 16)} }

// Send queues v.
func (q *Queue[T]) Send(v T) { q.c <- v }

// Close ends the queue.
func (q *Queue[T]) Close() { close(q.c) }
