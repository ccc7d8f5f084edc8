package checker

/*
static void fill(unsigned char *p, int n, int seed) {
	for (int i = 0; i < n; i++) {
		p[i] = (unsigned char)(i * seed);
	}
}
*/
import "C"

import "unsafe"

// Two lookup tables that C refills in place.
var (
	primary   = make([]byte, 64)
	secondary = make([]byte, 64)
)

// RefillPrimary and RefillSecondary let C rewrite the tables. Callers run them between
// checks, never during one.
func RefillPrimary(seed int) {
	C.fill((*C.uchar)(unsafe.Pointer(&primary[0])), C.int(len(primary)), C.int(seed))
}

func RefillSecondary(seed int) {
	C.fill((*C.uchar)(unsafe.Pointer(&secondary[0])), C.int(len(secondary)), C.int(seed)) // want BS102
}

func sum(t []byte) int {
	s := 0
	for _, b := range t {
		s += int(b)
	}
	return s
}
