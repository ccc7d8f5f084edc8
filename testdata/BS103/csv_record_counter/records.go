package main

/*
#cgo LDFLAGS: -lpthread
#include "csv.h"
*/
import "C"

import (
	"strconv"
	"strings"
	"unsafe"
)

// Totals of the current import. The C parser tokenizes on worker threads of
// its own, and every worker calls goOnRecord for each line it finishes.
var (
	recordsSeen int
	widestRow   int
	totalCents  int64
)

//export goOnRecord
func goOnRecord(fields **C.char, n C.int) {
	row := make([]string, 0, int(n))
	for _, f := range unsafe.Slice(fields, int(n)) {
		row = append(row, C.GoString(f))
	}
	if len(row) == 0 || row[0] == "id" {
		return // header line
	}
	recordsSeen++ // want BS103
	if len(row) > widestRow {
		widestRow = len(row) // want BS103
	}
	if len(row) >= 3 {
		addAmount(row[2])
	}
}

// addAmount adds a "12.34" amount column to the running total.
func addAmount(s string) {
	units, cents, _ := strings.Cut(s, ".")
	u, err := strconv.ParseInt(units, 10, 64)
	if err != nil {
		return
	}
	c, _ := strconv.ParseInt(cents, 10, 64)
	totalCents += u*100 + c // want BS103
}
