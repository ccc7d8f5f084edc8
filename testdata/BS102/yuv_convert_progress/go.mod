module example.com/yuvconv

go 1.22
