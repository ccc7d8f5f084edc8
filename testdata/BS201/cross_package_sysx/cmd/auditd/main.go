package main

import (
	"fmt"
	"log"
	"time"

	"example.com/auditd/app"
)

func main() {
	fmt.Println("uevent groups:", app.ProbeGroups([]uint32{1, 2}))

	c, err := app.NewCollector()
	if err != nil {
		log.Fatal(err)
	}
	c.Start()
	for {
		time.Sleep(10 * time.Second)
		fmt.Println("last audit record type:", c.LastType())
	}
}
