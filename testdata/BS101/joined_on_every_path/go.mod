module example.com/cursor

go 1.24
