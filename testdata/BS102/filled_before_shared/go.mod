module example.com/creds

go 1.24
