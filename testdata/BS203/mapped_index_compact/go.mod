module example.com/keyindex

go 1.22
