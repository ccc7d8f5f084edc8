module example.com/labelscan

go 1.22
