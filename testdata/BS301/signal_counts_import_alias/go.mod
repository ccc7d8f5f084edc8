module example.com/routed

go 1.22
