//! BS302 finalizer-shared-state: Shared state written without synchronization by a
//! finalizer or a cleanup.
//!
//! Detection: the handlers pass ([`blindspot_analysis::handlers::HANDLERS`]), for the
//! functions passed to `runtime.SetFinalizer` and `runtime.AddCleanup`.

use blindspot_analysis::handlers::HandlerKind;
use blindspot_analysis::{Trigger, Word};

use crate::evidence::HandlerView;
use crate::Ctx;

/// The registrations.
pub const TRIGGER: Trigger = Trigger {
    imports: &[],
    words: &[Word::Text("SetFinalizer"), Word::Text("AddCleanup")],
    assembly: false,
    and: None,
};

pub fn check(ctx: &mut Ctx) {
    for w in HandlerView::all(ctx, &[HandlerKind::Finalizer, HandlerKind::Cleanup]) {
        let what = if w.handler.kind == HandlerKind::Finalizer { "finalizer" } else { "cleanup" };
        let message = format!(
            "the {what} writes {} without synchronization while {}: under -race the finalizer goroutine \
             acquires everything every goroutine did before it, which hides this race",
            w.state,
            w.other.clone().unwrap_or_default()
        );
        let registered = ctx.label(w.handler.registered, format!("registered as a {what} here"));
        w.report(ctx, message, format!("written by the {what}, not synchronized"), vec![registered]);
    }
}
