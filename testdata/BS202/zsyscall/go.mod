module example.com/dirent

go 1.21
