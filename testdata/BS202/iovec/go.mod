module example.com/vecio

go 1.21
