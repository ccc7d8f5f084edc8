package main

func main() {
	in := make(chan packet, 256)
	out := make(chan packet, 256)
	go func() {
		for p := range out {
			_ = p
		}
	}()
	go func() {
		for i := 0; ; i++ {
			in <- packet{proto: byte(i % 20), data: make([]byte, 64)}
		}
	}()
	forward(in, out)
}
