module example.com/blockenc

go 1.22
