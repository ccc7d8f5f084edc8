module example.com/stackpool

go 1.22
