//! BS301 signal-handler-mutation: Shared state written without synchronization by the
//! goroutine that receives signals.
//!
//! Detection: the handlers pass ([`blindspot_analysis::handlers::HANDLERS`]), for the code
//! that runs after a receive from a channel registered with `signal.Notify`.

use blindspot_analysis::handlers::HandlerKind;
use blindspot_analysis::memory::{ContextKind, MEMORY};
use blindspot_analysis::Trigger;

use crate::evidence::HandlerView;
use crate::Ctx;

/// `signal.Notify`.
pub const TRIGGER: Trigger = Trigger { imports: &["os/signal"], words: &[], assembly: false, and: None };

pub fn check(ctx: &mut Ctx) {
    let memory = ctx.result(&MEMORY);
    for w in HandlerView::all(ctx, &[HandlerKind::Signal]) {
        let message = format!(
            "the signal handler writes {} without synchronization while {}: tests do not deliver signals, so \
             -race never runs this code",
            w.state,
            w.other.clone().unwrap_or_default()
        );
        let mut labels = vec![ctx.label(w.handler.registered, "the channel is registered for signals here")];
        if let Some(r) = w.handler.receive {
            labels.push(ctx.label(r, "the handler runs after this receive"));
        }
        if let Some(ContextKind::Goroutine { spawn, .. }) = w.handler.goroutine.map(|g| memory.context(g)) {
            labels.push(ctx.label(*spawn, "in the goroutine started here"));
        }
        w.report(ctx, message, "written when a signal arrives, not synchronized", labels);
    }
}
