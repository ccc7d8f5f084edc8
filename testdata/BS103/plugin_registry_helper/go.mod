module example.com/plugin_registry_helper

go 1.22
