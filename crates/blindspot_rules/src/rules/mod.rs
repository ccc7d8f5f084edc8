pub mod cgo_shared_c_memory;
pub mod mmap_shared_memory;
pub mod syscall_uintptr_escape;
