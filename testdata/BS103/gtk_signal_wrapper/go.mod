module example.com/hotkeys

go 1.22
