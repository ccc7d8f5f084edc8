module example.com/cbuf

go 1.18
