module example.com/ownhistory

go 1.22
