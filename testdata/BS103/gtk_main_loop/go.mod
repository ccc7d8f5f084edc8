module example.com/dnd

go 1.22
