//! BS203 mmap-shared-memory: mapped memory shared by goroutines, with an unsynchronized
//! write among the accesses. The race detector ignores addresses outside the Go heap.

use blindspot_analysis::api::Origin;

use crate::races::report_races;
use crate::Ctx;

pub fn check(ctx: &mut Ctx) {
    report_races(ctx, Origin::Mmap, "mmap-ed memory", "mapped");
}
