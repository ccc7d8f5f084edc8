module example.com/resource_release_only

go 1.24
