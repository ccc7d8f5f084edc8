module example.com/routestats

go 1.22
