module example.com/netlink

go 1.21
