module example.com/handles

go 1.24
