module example.com/acceptstats

go 1.22
