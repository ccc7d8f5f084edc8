module example.com/kmsg

go 1.22
