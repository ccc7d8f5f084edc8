module example.com/credstore

go 1.22
