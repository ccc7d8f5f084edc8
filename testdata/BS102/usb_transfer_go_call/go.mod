module example.com/usbxfer

go 1.22
