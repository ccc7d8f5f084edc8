module example.com/lut

go 1.22
