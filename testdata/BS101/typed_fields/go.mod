module example.com/typedfields

go 1.24
