module example.com/bloomfile

go 1.22
