module example.com/uuids

go 1.22
