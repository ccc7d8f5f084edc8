module example.com/slab

go 1.24
