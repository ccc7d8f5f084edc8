module example.com/geoindex

go 1.22
