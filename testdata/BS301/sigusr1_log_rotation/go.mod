module example.com/ingestd

go 1.22
