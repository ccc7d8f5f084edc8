module example.com/seccomp

go 1.22
