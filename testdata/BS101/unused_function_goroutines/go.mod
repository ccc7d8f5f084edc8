module example.com/token

go 1.22
