module example.com/blockdec

go 1.22
