module example.com/vectored

go 1.22
