module example.com/tracering

go 1.22
