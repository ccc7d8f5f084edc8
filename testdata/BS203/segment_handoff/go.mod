module example.com/segupload

go 1.22
