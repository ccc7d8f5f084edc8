module example.com/histo

go 1.22
