module example.com/exportd

go 1.22
