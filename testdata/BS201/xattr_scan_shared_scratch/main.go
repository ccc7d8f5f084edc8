package main

import (
	"fmt"
	"os"
)

func main() {
	for _, r := range scanLabels(os.Args[1:], 8) {
		fmt.Printf("%-40s %2d xattrs  %s\n", r.path, r.attrs, r.label)
	}
}
