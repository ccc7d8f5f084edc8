package matmul

// Pending is a product being computed in the background.
type Pending struct {
	out   []float32
	ready chan struct{}
}

// MulAsync starts computing the n×m product of a (n×k) and b (k×m) and
// returns at once.
func MulAsync(a, b []float32, n, k, m int) *Pending {
	p := &Pending{out: make([]float32, n*m), ready: make(chan struct{})}
	go p.compute(a, b, n, k, m)
	return p
}

func (p *Pending) compute(a, b []float32, n, k, m int) {
	defer close(p.ready)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			axpy(p.out[i*m:(i+1)*m], a[i*k+j], b[j*m:(j+1)*m])
		}
	}
}

// Wait blocks until the product is complete.
func (p *Pending) Wait() {
	<-p.ready
}

// Norm multiplies a and b in the background, waits for the product with the
// helper, then measures it.
func Norm(a, b []float32, n, k, m int, progress func(string)) float32 {
	p := MulAsync(a, b, n, k, m)
	progress("multiplying")
	p.Wait()
	if p.out[0] != p.out[0] {
		return p.out[0]
	}
	return dot(p.out, p.out)
}
