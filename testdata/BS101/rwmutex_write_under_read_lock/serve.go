package gauges

// Serve handles requests on several goroutines while Export reports the tables.
func Serve(requests <-chan int, failures <-chan int, out chan<- [64]uint64) {
	for w := 0; w < 4; w++ {
		go func() {
			for r := range requests {
				Hit(r)
			}
		}()
		go func() {
			for r := range failures {
				Fail(r)
			}
		}()
	}
	go func() {
		for {
			out <- hits.read()
			out <- errors.read()
		}
	}()
}
