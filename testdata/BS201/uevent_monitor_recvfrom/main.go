package main

import (
	"log"
	"time"
)

func main() {
	m, err := openUeventMonitor()
	if err != nil {
		log.Fatal(err)
	}
	events := make(chan map[string]string, 16)
	go m.listen(events)
	go livenessTrace(m, time.Minute)

	for ev := range events {
		if ev["SUBSYSTEM"] == "block" {
			log.Printf("%s %s", ev["ACTION"], ev["DEVNAME"])
		}
	}
}
