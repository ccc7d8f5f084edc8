package main

import "fmt"

func main() {
	buildTable(map[byte]uint16{10: 1, 172: 2, 192: 3})
	results := make(chan uint16, 3)
	for _, ip := range [][4]byte{{10, 0, 0, 1}, {192, 168, 1, 1}, {8, 8, 8, 8}} {
		go func(ip [4]byte) { results <- lookup(ip) }(ip)
	}
	for i := 0; i < 3; i++ {
		fmt.Println("region", <-results)
	}

	fmt.Println(histogramOf([]uint32{3, 40, 900, 17, 2}))

	batches := make(chan *batch)
	done := make(chan uint64)
	go writer(batches, done)
	produce(batches, 10)
	fmt.Println("written:", <-done)

	fmt.Printf("adler32: %08x\n", digestAsync([]byte("Wikipedia")))
}
