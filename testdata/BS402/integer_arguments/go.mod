module example.com/intargs

go 1.22
