module example.com/audio_event_append

go 1.22
