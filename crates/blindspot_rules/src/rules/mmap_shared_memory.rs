//! BS203 mmap-shared-memory: mapped memory shared by goroutines, with an unsynchronized
//! write among the accesses. The race detector ignores addresses outside the Go heap.
//!
//! Detection: the races pass ([`blindspot_analysis::memory::RACES`]) on objects whose
//! origin is a mapping (`syscall.Mmap`, `unix.Mmap`, an imported function returning one).

use blindspot_analysis::allocators::Origin;
use blindspot_analysis::api::MMAP_PACKAGES;
use blindspot_analysis::Trigger;

use crate::evidence::RaceView;
use crate::Ctx;

/// A package that imports a package with `Mmap` (one that calls an imported function
/// returning a mapping gets its fact).
pub const TRIGGER: Trigger = Trigger { imports: MMAP_PACKAGES, words: &[], assembly: false, and: None };

pub fn check(ctx: &mut Ctx) {
    for r in RaceView::all(ctx, |object, _| object.origin == Origin::Mmap) {
        let RaceView { verb, via, origin, here, there, their, .. } = &r;
        let message = format!(
            "unsynchronized {verb} ({via}) of mmap-ed memory from `{origin}`, which {there} also {their} at the \
             same time: -race does not track this memory"
        );
        let mapped = ctx.label(r.object.origin_span, "mapped here");
        r.report(ctx, message, format!("{verb} in {here}, not synchronized"), vec![mapped]);
    }
}
