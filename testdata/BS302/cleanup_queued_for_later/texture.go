package texturecache

import "runtime"

// The textures alive, and the bytes they hold; only the render loop touches them.
var (
	live     []*slot
	liveSize int
)

type slot struct {
	id   int
	size int
}

type Texture struct {
	s *slot
}

// Upload allocates a slot on the render loop.
func Upload(id, size int) *Texture {
	s := &slot{id: id, size: size}
	live = append(live, s)
	liveSize += size
	t := &Texture{s: s}
	runtime.AddCleanup(t, func(s *slot) {
		// Freeing touches the render loop's state: queue it.
		later(func() { forget(s) })
	}, s)
	return t
}

// Scratch textures are dropped at once by their cleanup, which races with Upload.
func Scratch(id, size int) *Texture {
	s := &slot{id: id, size: size}
	live = append(live, s)
	liveSize += size
	t := &Texture{s: s}
	runtime.AddCleanup(t, func(s *slot) {
		now(func() { drop(s) })
	}, s)
	return t
}

func forget(s *slot) {
	for i, l := range live {
		if l == s {
			live = append(live[:i], live[i+1:]...)
			liveSize -= s.size
			return
		}
	}
}

func drop(s *slot) {
	liveSize -= s.size // want BS302
}
