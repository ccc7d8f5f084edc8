package main

import (
	"bufio"
	"os"
	"runtime"
)

// journal appends records to a file. If the journal is dropped without
// Close, a cleanup closes the file it was given as argument.
type journal struct {
	f *os.File
	w *bufio.Writer
}

func openJournal(name string) (*journal, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	j := &journal{f: f, w: bufio.NewWriter(f)}
	runtime.AddCleanup(j, func(f *os.File) {
		f.Close()
	}, f)
	return j, nil
}

func (j *journal) record(rec string) error {
	_, err := j.w.WriteString(rec + "\n")
	return err
}
