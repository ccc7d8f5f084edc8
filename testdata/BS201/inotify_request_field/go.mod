module example.com/confwatch

go 1.22
