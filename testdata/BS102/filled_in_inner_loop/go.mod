module example.com/perfmap

go 1.22
