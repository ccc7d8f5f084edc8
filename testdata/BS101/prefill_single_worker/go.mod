module example.com/spectrum

go 1.22
