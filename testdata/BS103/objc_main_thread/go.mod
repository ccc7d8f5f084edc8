module example.com/sketch

go 1.22
