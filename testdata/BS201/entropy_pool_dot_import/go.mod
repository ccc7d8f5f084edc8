module example.com/tokend

go 1.22
