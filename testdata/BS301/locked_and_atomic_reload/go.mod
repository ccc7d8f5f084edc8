module example.com/edgegate

go 1.22
