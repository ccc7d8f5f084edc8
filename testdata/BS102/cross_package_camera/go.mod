module example.com/camera

go 1.22
