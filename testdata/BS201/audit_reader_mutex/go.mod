module example.com/auditrx

go 1.22
