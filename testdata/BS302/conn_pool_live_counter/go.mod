module example.com/conn_pool_live_counter

go 1.24
