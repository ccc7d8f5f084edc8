module example.com/traffic

go 1.22
