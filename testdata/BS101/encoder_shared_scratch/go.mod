module example.com/encoderpool

go 1.22
