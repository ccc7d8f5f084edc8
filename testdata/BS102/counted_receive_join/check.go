package checker

// Verify sums the primary table in one goroutine per round and receives every result
// before it returns: a counted join. A refill outside Verify is before or after all of
// them, not during.
func Verify(rounds int) int {
	results := make(chan int)
	for i := 0; i < rounds; i++ {
		go func() {
			results <- sum(primary)
		}()
	}
	total := 0
	for i := 0; i < rounds; i++ {
		total += <-results
	}
	return total
}

// First returns as soon as one goroutine answers: the others may still read the
// secondary table when First's caller refills it.
func First(rounds int) int {
	results := make(chan int, rounds)
	for i := 0; i < rounds; i++ {
		go func() {
			results <- sum(secondary)
		}()
	}
	return <-results
}
