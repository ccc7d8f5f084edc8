package main

import (
	"fmt"
	"net/http"
	"strconv"
)

func main() {
	http.HandleFunc("/handles/", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseUint(r.URL.Path[len("/handles/"):], 10, 64)
		if err != nil {
			http.Error(w, "bad id", http.StatusBadRequest)
			return
		}
		e, ok := Lookup(id)
		if !ok {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, "%s (%d bytes) open since %s\n", e.path, e.size, e.opened)
	})
	go http.ListenAndServe("127.0.0.1:6061", nil)

	for i := 0; ; i++ {
		h := openHandle(fmt.Sprintf("/var/cache/tiles/%d.png", i), 64<<10)
		if i%3 == 0 {
			h.Close()
		}
	}
}
