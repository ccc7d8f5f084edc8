package main

// #include <stdlib.h>
// #include "sax.h"
import "C"

import (
	"fmt"
	"unsafe"
)

var feeds = []string{
	"<?xml version=\"1.0\"?>\n<rss>\n<channel>\n<title>Go</title>\n</channel>\n</rss>\n",
	"<feed>\n<entry><id>1</id></entry>\n<entry><id>2</id></entry>\n</feed>\n",
	"<feed>\n<entry>< id>3</id></entry>\n</feed>\n",
	"<opml>\n<body><outline text=\"a\"/>< /body>\n</opml>\n",
}

func main() {
	docs := make([]*C.char, len(feeds))
	for i, f := range feeds {
		docs[i] = C.CString(f)
	}
	cdocs := (**C.char)(C.malloc(C.size_t(len(docs)) * C.size_t(unsafe.Sizeof(docs[0]))))
	copy(unsafe.Slice(cdocs, len(docs)), docs)

	ok := C.sax_parse_all(cdocs, C.int(len(docs)))
	fmt.Printf("%d of %d feeds parsed, %d elements, nested %d deep\n",
		int(ok), len(feeds), elements.Load(), deepest.Load()+1)

	for _, d := range docs {
		C.free(unsafe.Pointer(d))
	}
	C.free(unsafe.Pointer(cdocs))
}
