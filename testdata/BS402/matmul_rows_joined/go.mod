module example.com/matmul

go 1.22
