pub mod asm_shared_memory;
pub mod cgo_go_memory_in_c;
pub mod cgo_shared_c_memory;
pub mod mmap_shared_memory;
pub mod norace_shared_access;
pub mod syscall_shared_buffer;
pub mod syscall_uintptr_escape;
