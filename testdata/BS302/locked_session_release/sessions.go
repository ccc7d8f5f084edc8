package main

import (
	"runtime"
	"sync"
)

// sessions maps a token to its user; sessMu guards it and expired, in the
// finalizer as everywhere else.
var (
	sessMu   sync.Mutex
	sessions = map[string]int{}
	expired  int
)

type session struct {
	token string
	user  int
}

func startSession(token string, user int) *session {
	sessMu.Lock()
	sessions[token] = user
	sessMu.Unlock()
	s := &session{token: token, user: user}
	runtime.SetFinalizer(s, endSession)
	return s
}

func endSession(s *session) {
	sessMu.Lock()
	defer sessMu.Unlock()
	forgetLocked(s.token)
}

// forgetLocked must be called with sessMu held.
func forgetLocked(token string) {
	delete(sessions, token)
	expired++
}

func sessionStats() (open, gone int) {
	sessMu.Lock()
	defer sessMu.Unlock()
	return len(sessions), expired
}
