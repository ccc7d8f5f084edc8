module example.com/spawnunix

go 1.22
