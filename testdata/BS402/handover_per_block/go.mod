module example.com/handover

go 1.22
