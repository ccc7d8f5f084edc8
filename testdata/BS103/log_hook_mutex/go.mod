module example.com/log_hook_mutex

go 1.22
