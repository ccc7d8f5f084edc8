//! BS401 norace-shared-access: Shared state touched inside a `//go:norace` function. The compiler does not instrument its body.

use blindspot_analysis::memory::Accessor;

use crate::races::report_uninstrumented;
use crate::Ctx;

pub fn check(ctx: &mut Ctx) {
    report_uninstrumented(ctx, Accessor::Norace);
}
