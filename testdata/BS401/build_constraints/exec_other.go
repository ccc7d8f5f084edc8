//go:build !linux

package spawn

// Start is every other system's: no child side.
func Start(a *attr) {
	lastAttr = a
}
