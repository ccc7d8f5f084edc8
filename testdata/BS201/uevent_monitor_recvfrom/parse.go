package main

import "bytes"

// parseUevent splits "ACTION@DEVPATH\0KEY=VALUE\0..." into a map.
func parseUevent(msg []byte) map[string]string {
	ev := make(map[string]string)
	for i, field := range bytes.Split(msg, []byte{0}) {
		if i == 0 {
			continue
		}
		if k, v, ok := bytes.Cut(field, []byte{'='}); ok {
			ev[string(k)] = string(v)
		}
	}
	return ev
}

// headerLine returns the "ACTION@DEVPATH" header of a raw uevent.
func headerLine(msg []byte) string {
	end := 0
	for end < len(msg) && msg[end] != 0 {
		end++
	}
	return string(msg[:end])
}
