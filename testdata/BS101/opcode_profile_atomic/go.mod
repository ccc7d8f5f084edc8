module example.com/opprofile

go 1.22
