//! BS402 asm-shared-memory: Memory handed to a body-less (assembly) function while another goroutine uses it. Assembly is never instrumented.

use blindspot_analysis::memory::Accessor;

use crate::races::report_uninstrumented;
use crate::Ctx;

pub fn check(ctx: &mut Ctx) {
    report_uninstrumented(ctx, Accessor::Assembly);
}
