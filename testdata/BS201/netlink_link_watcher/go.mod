module example.com/linkwatch

go 1.22
