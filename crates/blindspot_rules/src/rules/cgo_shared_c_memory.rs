//! BS101 cgo-shared-c-memory: C-heap memory shared by goroutines, with an unsynchronized
//! write among the accesses. The race detector ignores addresses outside the Go heap.
//!
//! Detection: the races pass ([`blindspot_analysis::memory::RACES`]) on objects whose
//! origin is the C heap (`C.malloc`, `C.CString`, a preamble allocator, an imported
//! allocator).

use blindspot_analysis::allocators::Origin;
use blindspot_analysis::Trigger;

use crate::evidence::RaceView;
use crate::Ctx;

/// A package that imports "C" may allocate C memory (one that calls an imported allocator
/// gets its fact).
pub const TRIGGER: Trigger = Trigger { imports: &["C"], words: &[], assembly: false, and: None };

pub fn check(ctx: &mut Ctx) {
    for r in RaceView::all(ctx, |object, _| object.origin == Origin::CHeap) {
        let RaceView { verb, via, origin, here, there, their, .. } = &r;
        let message = format!(
            "unsynchronized {verb} ({via}) of C-allocated memory from `{origin}`, which {there} also {their} at \
             the same time: -race does not track this memory"
        );
        let allocated = ctx.label(r.object.origin_span, "allocated in C here");
        r.report(ctx, message, format!("{verb} in {here}, not synchronized"), vec![allocated]);
    }
}
