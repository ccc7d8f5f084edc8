package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println("vendor:", vendor())

	s := &sampler{stop: make(chan struct{})}
	go s.run()
	for i := 0; i < 5; i++ {
		time.Sleep(20 * time.Millisecond)
		fmt.Println("profiled goroutine on CPU", s.cpu())
	}
	close(s.stop)

	// A one-off measurement of how long a Sleep takes, with a local aux the
	// measuring goroutine owns.
	var aux uint32
	done := make(chan uint64)
	go func() {
		t0 := rdtscp(&aux)
		time.Sleep(time.Millisecond)
		done <- rdtscp(&aux) - t0
	}()
	cycles := <-done
	fmt.Printf("1ms sleep took %d cycles, ended on CPU %d\n", cycles, aux)
}
