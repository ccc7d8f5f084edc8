module example.com/blockwriter

go 1.22
