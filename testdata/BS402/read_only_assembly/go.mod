module example.com/framecheck

go 1.22
