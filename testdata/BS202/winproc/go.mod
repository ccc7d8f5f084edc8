module example.com/winapi

go 1.22
