//! BS201 syscall-shared-buffer: A buffer handed to the kernel by a raw syscall (or a wrapper that does not annotate it) while another goroutine uses it. The kernel's accesses are invisible to -race.

use blindspot_analysis::memory::Accessor;

use crate::races::report_uninstrumented;
use crate::Ctx;

pub fn check(ctx: &mut Ctx) {
    report_uninstrumented(ctx, Accessor::Kernel);
}
