module example.com/rxpool

go 1.22
