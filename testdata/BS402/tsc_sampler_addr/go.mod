module example.com/tscprof

go 1.22
