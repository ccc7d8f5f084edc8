module example.com/texturecache

go 1.24
