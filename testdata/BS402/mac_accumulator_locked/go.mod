module example.com/macacc

go 1.22
