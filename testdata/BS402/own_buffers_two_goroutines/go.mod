module example.com/twowriters

go 1.22
