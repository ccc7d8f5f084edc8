module example.com/wal

go 1.22
