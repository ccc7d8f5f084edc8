package main

import "os"

// accessLog is the file the writer appends to. After a rotation it points
// to a fresh file at the same path.
var accessLog *os.File

func reopenLog(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	old := accessLog
	accessLog = f // want BS301
	if old != nil {
		return old.Close()
	}
	return nil
}
