module example.com/xml_parser_last_error

go 1.22
