package main

import "fmt"

func main() {
	box := openMailbox(16, 64)
	done := make(chan struct{})
	go box.deliver(100, done)

	for i := 0; i < 10; i++ {
		box.post(fmt.Sprintf("job %d queued", i))
		fmt.Printf("slot %d: %q\n", i%16, box.peek(i%16))
	}
	<-done
	box.close()
}
