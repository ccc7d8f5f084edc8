module example.com/snapshotd

go 1.22
