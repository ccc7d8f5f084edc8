package main

/*
#include <stdlib.h>
#include "csv.h"
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"
)

func main() {
	var sb strings.Builder
	sb.WriteString("id,customer,amount\n")
	for i := 1; i <= 2000; i++ {
		fmt.Fprintf(&sb, "%d,customer-%d,%d.%02d\n", i, i%37, i%500, i%100)
	}

	data := C.CString(sb.String())
	defer C.free(unsafe.Pointer(data))

	workers := C.csv_parse(data, 4)
	fmt.Printf("%d workers: %d records, widest row %d fields, total %d.%02d\n",
		int(workers), recordsSeen, widestRow, totalCents/100, totalCents%100)
}
