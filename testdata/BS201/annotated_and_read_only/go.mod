module example.com/tailer

go 1.22
