module example.com/ueventd

go 1.22
