module example.com/keystream

go 1.22
