module example.com/squash

go 1.22
