module example.com/activitylog

go 1.22
