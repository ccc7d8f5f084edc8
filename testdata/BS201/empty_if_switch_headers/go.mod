module example.com/tapdev

go 1.22
