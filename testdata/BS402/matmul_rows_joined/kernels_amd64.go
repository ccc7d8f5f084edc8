package matmul

// axpy computes y[i] += a*x[i] for i < len(y) (AVX2 FMA, kernels_amd64.s).
//
//go:noescape
func axpy(y []float32, a float32, x []float32)

// dot returns the dot product of x and y.
//
//go:noescape
func dot(x, y []float32) float32
