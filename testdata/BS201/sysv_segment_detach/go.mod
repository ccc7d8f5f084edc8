module example.com/framegrab

go 1.22
