module example.com/slab_free_list_helper

go 1.24
