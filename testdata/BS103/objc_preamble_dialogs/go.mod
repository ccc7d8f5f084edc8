module example.com/picker

go 1.22
