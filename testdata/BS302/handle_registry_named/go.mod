module example.com/handle_registry_named

go 1.24
