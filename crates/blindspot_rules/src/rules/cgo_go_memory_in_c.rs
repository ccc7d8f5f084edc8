//! BS102 cgo-go-memory-in-c: Go memory handed to a C function while another goroutine uses it. C code is not instrumented by -race.

use blindspot_analysis::memory::Accessor;

use crate::races::report_uninstrumented;
use crate::Ctx;

pub fn check(ctx: &mut Ctx) {
    report_uninstrumented(ctx, Accessor::C);
}
