module example.com/cpusample

go 1.22
