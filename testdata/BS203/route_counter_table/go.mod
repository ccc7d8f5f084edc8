module example.com/routecount

go 1.22
