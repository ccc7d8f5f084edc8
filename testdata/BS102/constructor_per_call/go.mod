module example.com/ctor

go 1.24
