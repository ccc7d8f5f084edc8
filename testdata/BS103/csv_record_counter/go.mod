module example.com/csv_record_counter

go 1.22
