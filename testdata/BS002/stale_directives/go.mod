module example.com/stale_directives

go 1.22
