module example.com/flowcollect

go 1.22
