module example.com/console

go 1.22

require github.com/acme/ioctl v1.2.0
