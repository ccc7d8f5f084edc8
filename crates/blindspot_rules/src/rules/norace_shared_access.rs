//! BS401 norace-shared-access: Shared state touched inside a `//go:norace` function. The
//! compiler does not instrument its body.
//!
//! Detection: the races pass ([`blindspot_analysis::memory::RACES`]) on Go memory whose
//! primary access is made in a function marked `//go:norace`.

use blindspot_analysis::allocators::Origin;
use blindspot_analysis::memory::Accessor;
use blindspot_analysis::{Trigger, Word};

use crate::evidence::RaceView;
use crate::Ctx;

/// The directive itself.
pub const TRIGGER: Trigger = Trigger { imports: &[], words: &[Word::Text("go:norace")], assembly: false, and: None };

pub fn check(ctx: &mut Ctx) {
    for r in RaceView::all(ctx, |object, a| object.origin == Origin::Go && a.accessor == Accessor::Norace) {
        let RaceView { verb, participle, origin, here, there, their, .. } = &r;
        let owner = ctx.pkg.expr(r.primary.expr).owner.map(|f| ctx.pkg.func(f));
        let func = owner.map(|f| f.display_name()).unwrap_or_default();
        let message = format!(
            "Go memory `{origin}` is {participle} by the //go:norace function `{func}` in {here} while {there} \
             also {their} it without synchronization: -race cannot see this race, the function is not \
             instrumented"
        );
        let mut labels: Vec<_> = r.handed_over(ctx).into_iter().collect();
        if let Some(d) = owner.and_then(|f| f.directive("go:norace")) {
            labels.push(ctx.label(d.span, "the race detector skips this function"));
        }
        r.report(ctx, message, format!("{verb} here in {here}, not synchronized"), labels);
    }
}
