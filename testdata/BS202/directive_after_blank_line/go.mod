module example.com/winmsg

go 1.22
