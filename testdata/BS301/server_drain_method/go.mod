module example.com/jobd

go 1.22
