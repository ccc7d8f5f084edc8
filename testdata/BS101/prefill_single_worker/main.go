package main

import "fmt"

func main() {
	samples := []float32{0.1, 0.4, 0.9, 0.4, 0.1, -0.3, -0.8, -0.3}
	fmt.Printf("windowed energy: %.3f\n", applyWindow(samples))

	pl, pr, err := decodeStereo([]int16{100, 900, -40}, []int16{300, 20, 700})
	if err != nil {
		fmt.Println("decode:", err)
		return
	}
	fmt.Println("peaks:", pl, pr)
}
