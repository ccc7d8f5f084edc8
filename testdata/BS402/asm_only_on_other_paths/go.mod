module example.com/blockpack

go 1.22
