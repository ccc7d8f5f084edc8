//! The trigger files of the generated packages (cgo, raw syscalls, signal handlers,
//! finalizers) and how their importers use them.

use crate::templates::Template;

/// What makes a package need parsing (see `src/prefilter.rs`), one kind per trigger file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Trigger {
    Cgo,
    Syscall,
    Signal,
    Finalizer,
}

/// The rotation of trigger kinds: cgo, syscall and signal three times each, a finalizer once.
pub(crate) const KINDS: [Trigger; 10] = [
    Trigger::Cgo,
    Trigger::Syscall,
    Trigger::Signal,
    Trigger::Cgo,
    Trigger::Syscall,
    Trigger::Signal,
    Trigger::Finalizer,
    Trigger::Cgo,
    Trigger::Syscall,
    Trigger::Signal,
];

pub(crate) const CGO_PREAMBLE: &str = r#"#include <stdlib.h>
#include <string.h>

static size_t checksum(const unsigned char *p, size_t n) {
	size_t s = 0;
	for (size_t i = 0; i < n; i++) {
		s = s * 31 + p[i];
	}
	return s;
}
"#;

pub(crate) const CGO: Template = Template {
    imports: &["sync", "unsafe"],
    text: r#"// Alloc returns n bytes of C memory; free it with Free.
func Alloc(n int) unsafe.Pointer {
	return C.malloc(C.size_t(n))
}

// Free releases memory from Alloc.
func Free(p unsafe.Pointer) { C.free(p) }

// CBuffer is a byte view of C memory, checksummed in the background.
type CBuffer struct {
	mu   sync.Mutex
	data []byte
	sum  uint64
}

// NewCBuffer allocates a zeroed buffer of n bytes in C memory.
func NewCBuffer(n int) *CBuffer {
	p := C.malloc(C.size_t(n))
	C.memset(p, 0, C.size_t(n))
	return &CBuffer{data: unsafe.Slice((*byte)(p), n)}
}

// Checksum starts the C checksum on a goroutine while it refills the buffer: the
// goroutine reads what this goroutine writes, in memory the race detector does not see.
func (b *CBuffer) Checksum(fill byte) uint64 {
	done := make(chan uint64)
	go func() {
		s := C.checksum((*C.uchar)(unsafe.Pointer(&b.data[0])), C.size_t(len(b.data)))
		done <- uint64(s)
	}()
	for i := range b.data {
		b.data[i] = fill
	}
	return <-done
}

// Sum adds the bytes up on a goroutine, under the buffer's lock.
func (b *CBuffer) Sum() uint64 {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		b.mu.Lock()
		for _, c := range b.data {
			b.sum += uint64(c)
		}
		b.mu.Unlock()
	}()
	wg.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sum
}

// Close frees the C memory.
func (b *CBuffer) Close() {
	if len(b.data) > 0 {
		C.free(unsafe.Pointer(&b.data[0]))
	}
	b.data = nil
}
"#,
};

pub(crate) const SYSCALL: Template = Template {
    imports: &["syscall", "unsafe"],
    text: r#"// Ioctl issues a raw ioctl; the memory arg points to must stay valid for the call.
func Ioctl(fd int, req uint, arg uintptr) error {
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), uintptr(req), arg)
	if e != 0 {
		return e
	}
	return nil
}

// Winsize is the kernel's struct winsize.
type Winsize struct {
	Row, Col, X, Y uint16
}

// GetWinsize asks the terminal on fd for its size.
func GetWinsize(fd int) (Winsize, error) {
	var ws Winsize
	err := Ioctl(fd, syscall.TIOCGWINSZ, uintptr(unsafe.Pointer(&ws)))
	return ws, err
}

// ReadAt reads len(b) bytes at off.
func ReadAt(fd int, b []byte, off int64) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	n, _, e := syscall.Syscall6(syscall.SYS_PREAD64, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), uintptr(off), 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// WriteAll writes b, keeping its address as a uintptr across statements.
func WriteAll(fd int, b []byte) error {
	if len(b) == 0 {
		return nil
	}
	p := uintptr(unsafe.Pointer(&b[0]))
	for left := len(b); left > 0; {
		n, _, e := syscall.Syscall(syscall.SYS_WRITE, uintptr(fd), p, uintptr(left))
		if e != 0 {
			return e
		}
		left -= int(n)
		p += n
	}
	return nil
}
"#,
};

pub(crate) const SIGNAL: Template = Template {
    imports: &["os", "os/signal", "sync", "syscall"],
    text: r#"var (
	reloads    int
	stopping   bool
	settingsMu sync.Mutex
	settings   = map[string]string{}
)

// WatchSignals reloads the settings on SIGHUP and marks the process as stopping on
// SIGTERM or an interrupt.
func WatchSignals(load func() map[string]string) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP, syscall.SIGTERM, os.Interrupt)
	go func() {
		for sig := range ch {
			switch sig {
			case syscall.SIGHUP:
				reloads++
				next := load()
				settingsMu.Lock()
				settings = next
				settingsMu.Unlock()
			default:
				stopping = true
				signal.Stop(ch)
				return
			}
		}
	}()
}

// Stopping reports whether a termination signal arrived.
func Stopping() bool { return stopping }

// Reloads reports how many times the settings were reloaded.
func Reloads() int { return reloads }

// Setting returns one setting.
func Setting(key string) string {
	settingsMu.Lock()
	defer settingsMu.Unlock()
	return settings[key]
}
"#,
};

pub(crate) const FINALIZER: Template = Template {
    imports: &["os", "runtime", "sync"],
    text: r#"// Handle is an open file tracked by this package; a finalizer closes the ones
// callers forget.
type Handle struct {
	f  *os.File
	id int
}

var (
	openMu    sync.Mutex
	openPaths = map[int]string{}
	finalized int
)

// OpenHandle opens path and registers it under id.
func OpenHandle(path string, id int) (*Handle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	h := &Handle{f: f, id: id}
	openMu.Lock()
	openPaths[id] = path
	openMu.Unlock()
	runtime.SetFinalizer(h, func(h *Handle) {
		// Runs on the finalizer goroutine: the counter is shared with Finalized.
		finalized++
		openMu.Lock()
		delete(openPaths, h.id)
		openMu.Unlock()
		_ = h.f.Close()
	})
	return h, nil
}

// Close closes the file and cancels the finalizer.
func (h *Handle) Close() error {
	runtime.SetFinalizer(h, nil)
	openMu.Lock()
	delete(openPaths, h.id)
	openMu.Unlock()
	return h.f.Close()
}

// Finalized reports how many handles the garbage collector closed.
func Finalized() int { return finalized }
"#,
};

/// How a package uses an imported trigger package's API (`@dep` is its name).
pub(crate) fn trigger_use(kind: Trigger) -> (&'static [&'static str], &'static str) {
    match kind {
        Trigger::Cgo => (
            &[],
            r#"// checksum@N fills a C buffer from @dep and checksums it.
func checksum@N(fill byte) uint64 {
	buf := @dep.NewCBuffer(4096)
	defer buf.Close()
	return buf.Checksum(fill) + buf.Sum()
}
"#,
        ),
        Trigger::Syscall => (
            &["unsafe"],
            r#"// termSize@N asks the terminal on standard output for its size.
func termSize@N() (rows, cols int) {
	var ws [4]uint16
	if err := @dep.Ioctl(1, 0x5413, uintptr(unsafe.Pointer(&ws))); err != nil {
		return 0, 0
	}
	return int(ws[0]), int(ws[1])
}
"#,
        ),
        Trigger::Signal => (
            &[],
            r#"// watch@N reloads the log level on SIGHUP.
func watch@N(level string) bool {
	@dep.WatchSignals(func() map[string]string { return map[string]string{"level": level} })
	return @dep.Stopping()
}
"#,
        ),
        Trigger::Finalizer => (
            &[],
            r#"// probe@N opens and closes path.
func probe@N(path string) error {
	h, err := @dep.OpenHandle(path, @N)
	if err != nil {
		return err
	}
	return h.Close()
}
"#,
        ),
    }
}
