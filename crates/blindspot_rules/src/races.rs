//! Reporting a race of the memory model: shared by the rules whose memory the race
//! detector does not track (BS101 C memory, BS203 mmap), which differ only in the origin
//! they ask for and its wording.

use blindspot_go::api::Origin;
use blindspot_go::memory::{AccessKind, ContextKind, MemoryModel};
use blindspot_report::{Confidence, Label, Span};

use crate::Ctx;

/// Reports every race on memory of `origin`; `what` names the memory in messages
/// ("C-allocated memory"), `made` says where it came from ("allocated by").
pub fn report_races(ctx: &mut Ctx, origin: Origin, what: &str, made: &str) {
    let memory: &MemoryModel = ctx.facts.memory();
    let pkg = ctx.pkg;
    for race in memory.races(pkg) {
        let obj = &memory.objects[race.object];
        if obj.origin != origin {
            continue;
        }
        let (a, b) = (&obj.accesses[race.primary], &obj.accesses[race.other]);
        let verb = |k: AccessKind| match k {
            AccessKind::Read => "read",
            AccessKind::Write => "write",
            AccessKind::ReadWrite => "read and write",
        };
        let in_ctx = |c| match memory.context(c) {
            ContextKind::Spawner => "the spawning goroutine".to_string(),
            ContextKind::Goroutine { foreign: Some(callee), .. } => format!("the goroutine `{callee}` starts"),
            ContextKind::Goroutine { target, repeated: true, .. } => {
                format!("every goroutine running `{}`", pkg.func(*target).display_name())
            }
            ContextKind::Goroutine { target, .. } => {
                format!("the goroutine running `{}`", pkg.func(*target).display_name())
            }
        };
        let alloc = ctx.snippet(obj.origin_span, 40);
        let third_person = |k: AccessKind| match k {
            AccessKind::Read => "reads",
            AccessKind::Write => "writes",
            AccessKind::ReadWrite => "reads and writes",
        };
        let message = format!(
            "unsynchronized {} ({}) of {what} from `{alloc}`, which {} also {} at the same time: \
             -race does not track this memory",
            verb(a.kind),
            a.how,
            in_ctx(race.other_context),
            third_person(b.kind),
        );
        let mut secondary = vec![ctx.label(obj.origin_span, format!("{made} here"))];
        let mut guessed = false;
        for c in [race.primary_context, race.other_context] {
            if let ContextKind::Goroutine { spawn, guessed: g, .. } = memory.context(c) {
                guessed |= *g;
                let label = ctx.label(*spawn, "goroutine started here");
                if !secondary.contains(&label) {
                    secondary.push(label);
                }
            }
        }
        for acc in [a, b] {
            if let Some(remote) = &acc.remote {
                let span = Span { path: remote.path.clone(), start: remote.start as usize, end: remote.end as usize };
                secondary.push(Label::new(span, format!("the goroutine's {} is here", verb(acc.kind))));
            }
        }
        secondary.push(ctx.label(b.span, format!("conflicting {} in {}", verb(b.kind), in_ctx(race.other_context))));
        let primary =
            ctx.label(a.span, format!("{} in {}, not synchronized", verb(a.kind), in_ctx(race.primary_context)));
        let confidence = if guessed { Confidence::Medium } else { Confidence::High };
        ctx.report(message, confidence, primary, secondary);
    }
}
