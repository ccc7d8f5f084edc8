//! BS103 cgo-callback-state: Package-level state written without synchronization in a
//! function exported to C.
//!
//! Detection: the handlers pass ([`blindspot_analysis::handlers::HANDLERS`]), for the
//! functions marked `//export`.

use blindspot_analysis::handlers::HandlerKind;
use blindspot_analysis::{Trigger, Word};

use crate::evidence::HandlerView;
use crate::Ctx;

/// The directive itself.
pub const TRIGGER: Trigger = Trigger { imports: &[], words: &[Word::Text("//export")], assembly: false, and: None };

pub fn check(ctx: &mut Ctx) {
    for w in HandlerView::all(ctx, &[HandlerKind::Export]) {
        let (entry, state) = (w.entry(ctx), &w.state);
        let message = match &w.other {
            Some(other) => format!(
                "the cgo callback `{entry}` writes {state} without synchronization while {other}: -race orders \
                 every cgo call and callback, which hides this race"
            ),
            None => format!(
                "the cgo callback `{entry}` writes {state} without synchronization: C may call it from several \
                 threads at once, and -race orders every callback, which hides the race"
            ),
        };
        let exported = ctx.label(w.handler.registered, "exported to C here");
        w.report(ctx, message, "written in a function C calls, not synchronized", vec![exported]);
    }
}
