module example.com/locked_session_release

go 1.24
