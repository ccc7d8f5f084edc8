//! Reporting the writes of handlers (BS103 callbacks, BS301 signal receivers, BS302
//! finalizers and cleanups): the rules differ in the kinds of handler they ask for and in
//! why the race detector misses the race.

use blindspot_analysis::handlers::{HandlerKind, State, HANDLERS};
use blindspot_analysis::memory::{ContextKind, MemoryModel, MEMORY};
use blindspot_report::Confidence;

use crate::Ctx;

/// Reports every unsynchronized write to shared state made by handlers of `kinds`.
pub fn report_handler_writes(ctx: &mut Ctx, kinds: &[HandlerKind]) {
    let memory: &MemoryModel = ctx.result(&MEMORY);
    let pkg = ctx.pkg;
    let facts = ctx.result(&HANDLERS);
    for w in &facts.writes {
        let h = &facts.handlers[w.handler];
        if !kinds.contains(&h.kind) {
            continue;
        }
        let state = w.state.describe(pkg);
        let entry = pkg.func(h.entry).display_name();
        let func_of = |f| format!("`{}`", pkg.func(f).display_name());
        let other_text =
            w.other.as_ref().map(|o| format!("{} {} it", func_of(o.func), if o.write { "writes" } else { "reads" }));
        let (message, primary) = match h.kind {
            HandlerKind::Signal => (
                format!(
                    "the signal handler writes {state} without synchronization while {}: tests do not \
                     deliver signals, so -race never runs this code",
                    other_text.clone().unwrap_or_default()
                ),
                "written when a signal arrives, not synchronized".to_string(),
            ),
            HandlerKind::Finalizer | HandlerKind::Cleanup => {
                let what = if h.kind == HandlerKind::Finalizer { "finalizer" } else { "cleanup" };
                (
                    format!(
                        "the {what} writes {state} without synchronization while {}: under -race the \
                         finalizer goroutine acquires everything every goroutine did before it, which \
                         hides this race",
                        other_text.clone().unwrap_or_default()
                    ),
                    format!("written by the {what}, not synchronized"),
                )
            }
            HandlerKind::Export => (
                match &other_text {
                    Some(t) => format!(
                        "the cgo callback `{entry}` writes {state} without synchronization while {t}: \
                         -race orders every cgo call and callback, which hides this race"
                    ),
                    None => format!(
                        "the cgo callback `{entry}` writes {state} without synchronization: C may call \
                         it from several threads at once, and -race orders every callback, which hides \
                         the race"
                    ),
                },
                "written in a function C calls, not synchronized".to_string(),
            ),
        };
        let mut secondary = Vec::new();
        match h.kind {
            HandlerKind::Signal => {
                secondary.push(ctx.label(h.registered, "the channel is registered for signals here"));
                if let Some(r) = h.receive {
                    secondary.push(ctx.label(r, "the handler runs after this receive"));
                }
                if let Some(ContextKind::Goroutine { spawn, .. }) = h.goroutine.map(|g| memory.context(g)) {
                    secondary.push(ctx.label(*spawn, "in the goroutine started here"));
                }
            }
            HandlerKind::Finalizer => secondary.push(ctx.label(h.registered, "registered as a finalizer here")),
            HandlerKind::Cleanup => secondary.push(ctx.label(h.registered, "registered as a cleanup here")),
            HandlerKind::Export => secondary.push(ctx.label(h.registered, "exported to C here")),
        }
        for call in &w.via {
            let callee = ctx.snippet(*call, 40);
            secondary.push(ctx.label(*call, format!("the handler calls `{callee}`")));
        }
        if let Some(o) = &w.other {
            let verb = if o.write { "write" } else { "read" };
            secondary.push(ctx.label(o.span, format!("conflicting {verb} in {}", func_of(o.func))));
        }
        // A field is one state for every value of its type; a missing counterpart is a guess.
        let guessed = matches!(w.state, State::Field { .. }) || w.other.is_none();
        let confidence = if guessed { Confidence::Medium } else { Confidence::High };
        let primary = ctx.label(w.write.span, primary);
        ctx.report(message, confidence, primary, secondary);
    }
}
