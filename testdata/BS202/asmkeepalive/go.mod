module example.com/vdso

go 1.22
