module example.com/atomic_live_counters

go 1.24
