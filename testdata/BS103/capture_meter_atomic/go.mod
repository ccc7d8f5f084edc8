module example.com/capture_meter_atomic

go 1.22
