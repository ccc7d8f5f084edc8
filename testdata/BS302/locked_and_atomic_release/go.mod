module example.com/locked_and_atomic_release

go 1.24
