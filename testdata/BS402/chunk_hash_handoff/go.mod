module example.com/chunkhash

go 1.22
