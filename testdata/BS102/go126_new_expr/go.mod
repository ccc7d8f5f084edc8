module example.com/pollstats

go 1.26
