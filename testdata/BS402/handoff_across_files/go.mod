module example.com/blockpipe

go 1.22
