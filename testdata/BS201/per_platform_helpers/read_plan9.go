package kmsg

import "errors"

// readRecord has no kernel log to read on Plan 9.
func readRecord(fd int, buf []byte) (int, error) {
	return 0, errors.New("kmsg: not supported")
}
