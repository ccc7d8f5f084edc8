module example.com/ifreq

go 1.24
