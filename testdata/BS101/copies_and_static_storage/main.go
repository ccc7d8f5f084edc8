package main

func main() {
	normalize()
	recalibrate()
}
