pub mod syscall_uintptr_escape;
