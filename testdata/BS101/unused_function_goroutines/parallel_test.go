package token

import "testing"

// signParallel is kept for a test that is disabled: nothing calls it, so its goroutines
// never start and cannot race with Close.
func signParallel(t *testing.T, mod *Module) {
	done := make(chan int)
	for i := 0; i < 8; i++ {
		go func(i int) {
			done <- mod.Sign(i)
		}(i)
	}
	mod.Close()
	for i := 0; i < 8; i++ {
		<-done
	}
}

func TestSign(t *testing.T) {
	mod := Open()
	defer mod.Close()
	if mod.Sign(1) != 1 {
		t.Fatal("sign")
	}
}
