module example.com/codec_once_init

go 1.22
