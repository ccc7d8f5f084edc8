module example.com/segwriter

go 1.22
