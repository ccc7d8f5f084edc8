//! BS102 cgo-go-memory-in-c: Go memory handed to a C function while another goroutine uses
//! it. C code is not instrumented by -race.
//!
//! Detection: the races pass ([`blindspot_analysis::memory::RACES`]) on Go memory whose
//! primary access is made by a C function.

use blindspot_analysis::allocators::Origin;
use blindspot_analysis::memory::Accessor;
use blindspot_analysis::Trigger;

use crate::evidence::RaceView;
use crate::Ctx;

/// Only a package that imports "C" calls C.
pub const TRIGGER: Trigger = Trigger { imports: &["C"], words: &[], assembly: false, and: None };

pub fn check(ctx: &mut Ctx) {
    for r in RaceView::all(ctx, |object, a| object.origin == Origin::Go && a.accessor == Accessor::C) {
        let (RaceView { verb, participle, origin, here, there, their, .. }, callee) = (&r, r.callee(ctx));
        let message = format!(
            "Go memory `{origin}` is {participle} by the C function `{callee}` in {here} while {there} also \
             {their} it without synchronization: -race cannot see this race, C code is not instrumented"
        );
        let handed = r.handed_over(ctx).into_iter().collect();
        r.report(ctx, message, format!("{verb} here in {here}, not synchronized"), handed);
    }
}
