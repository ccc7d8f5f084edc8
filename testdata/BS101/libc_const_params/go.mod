module example.com/applog

go 1.22
