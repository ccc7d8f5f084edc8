package main

import (
	"encoding/hex"
	"hash/maphash"
)

var seed = maphash.MakeSeed()

// newToken cuts a token from the pool on the caller's goroutine.
func newToken() string {
	return hex.EncodeToString(pool[:16])
}

// shardOf picks the session-table shard of a token.
func shardOf(token string) uint64 {
	return (maphash.String(seed, token) ^ shardSalt) % 64
}
