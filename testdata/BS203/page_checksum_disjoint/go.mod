module example.com/pageseal

go 1.22
