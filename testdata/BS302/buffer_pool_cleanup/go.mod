module example.com/buffer_pool_cleanup

go 1.24
