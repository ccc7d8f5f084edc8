module example.com/blockdigest

go 1.22
