module example.com/reasons_required

go 1.22
