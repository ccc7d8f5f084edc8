module example.com/kvshard

go 1.22
