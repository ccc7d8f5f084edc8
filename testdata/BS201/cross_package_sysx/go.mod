module example.com/auditd

go 1.22
