module example.com/consoles

go 1.22
