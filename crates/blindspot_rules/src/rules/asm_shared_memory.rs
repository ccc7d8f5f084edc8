//! BS402 asm-shared-memory: Memory handed to a body-less (assembly) function while another
//! goroutine uses it. Assembly is never instrumented.
//!
//! Detection: the races pass ([`blindspot_analysis::memory::RACES`]) on Go memory whose
//! primary access is made by a function declared without a body.

use blindspot_analysis::allocators::Origin;
use blindspot_analysis::memory::Accessor;
use blindspot_analysis::{Trigger, Word};

use crate::evidence::RaceView;
use crate::Ctx;

/// Body-less functions: assembly beside them, or `//go:linkname`.
pub const TRIGGER: Trigger = Trigger { imports: &[], words: &[Word::Text("go:linkname")], assembly: true, and: None };

pub fn check(ctx: &mut Ctx) {
    for r in RaceView::all(ctx, |object, a| object.origin == Origin::Go && a.accessor == Accessor::Assembly) {
        let (RaceView { verb, participle, origin, here, there, their, .. }, callee) = (&r, r.callee(ctx));
        let message = format!(
            "Go memory `{origin}` is {participle} by the assembly function `{callee}` in {here} while {there} \
             also {their} it without synchronization: -race cannot see this race, assembly is not instrumented"
        );
        let handed = r.handed_over(ctx).into_iter().collect();
        r.report(ctx, message, format!("{verb} here in {here}, not synchronized"), handed);
    }
}
