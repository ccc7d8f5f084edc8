// Package matmul multiplies dense row-major float32 matrices, given as flat
// slices with their dimensions.
package matmul

import "sync"

// Mul computes the n×m product of the n×k matrix a and the k×m matrix b with
// one goroutine per row of the result. Each goroutine writes only its own row,
// and the result is read after wg.Wait.
func Mul(a, b []float32, n, k, m int) []float32 {
	c := make([]float32, n*m)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < k; j++ {
				axpy(c[i*m:(i+1)*m], a[i*k+j], b[j*m:(j+1)*m])
			}
		}(i)
	}
	wg.Wait()
	if c[0] != c[0] {
		panic("matmul: NaN in result")
	}
	return c
}

// DiagonalSum sums the rows of b scaled by the diagonal of the n×n matrix a
// on a background goroutine. The accumulator is cleared before the goroutine
// starts and read only after receiving on done.
func DiagonalSum(a, b []float32, n int) float32 {
	acc := make([]float32, n)
	for i := range acc {
		acc[i] = 0
	}
	done := make(chan struct{})
	go func() {
		for i := 0; i < n; i++ {
			axpy(acc, a[i*n+i], b[i*n:(i+1)*n])
		}
		close(done)
	}()
	<-done
	var t float32
	for i := range acc {
		t += acc[i]
	}
	return t
}
