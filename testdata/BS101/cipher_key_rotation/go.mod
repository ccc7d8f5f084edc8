module example.com/keyrotate

go 1.22
