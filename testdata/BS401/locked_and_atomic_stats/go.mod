module example.com/edgestats

go 1.22
