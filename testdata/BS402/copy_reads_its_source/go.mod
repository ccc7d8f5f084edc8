module example.com/snapshot

go 1.22
