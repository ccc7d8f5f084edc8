module example.com/ping

go 1.22
