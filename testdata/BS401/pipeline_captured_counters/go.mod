module example.com/pktpipe

go 1.22
