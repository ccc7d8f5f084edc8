//! Reporting the races of the memory model. Two families share it:
//! - memory the race detector does not track (BS101 C memory, BS203 mmap): every access
//!   is invisible, and the rules differ only in the origin they ask for;
//! - Go memory touched by code the race detector does not instrument (BS102 C calls,
//!   BS201 the kernel, BS401 `//go:norace` functions, BS402 assembly): the primary access
//!   is the uninstrumented one.

use blindspot_analysis::api::Origin;
use blindspot_analysis::memory::{
    Access, AccessKind, Accessor, ContextId, ContextKind, MemoryModel, Race, Via, MEMORY, RACES,
};
use blindspot_report::{Confidence, Label, Span};

use crate::Ctx;

fn verb(k: AccessKind) -> &'static str {
    match k {
        AccessKind::Read => "read",
        AccessKind::Write => "write",
        AccessKind::ReadWrite => "read and write",
    }
}

fn third_person(k: AccessKind) -> &'static str {
    match k {
        AccessKind::Read => "reads",
        AccessKind::Write => "writes",
        AccessKind::ReadWrite => "reads and writes",
    }
}

/// How a message names a goroutine context.
fn in_context(ctx: &Ctx, memory: &MemoryModel, c: ContextId) -> String {
    match memory.context(c) {
        ContextKind::Spawner => "the spawning goroutine".to_string(),
        ContextKind::Goroutine { foreign: Some(callee), .. } => format!("the goroutine `{callee}` starts"),
        ContextKind::Goroutine { target, repeated: true, .. } => {
            format!("every goroutine running `{}`", ctx.pkg.func(*target).display_name())
        }
        ContextKind::Goroutine { target, .. } => {
            format!("the goroutine running `{}`", ctx.pkg.func(*target).display_name())
        }
    }
}

/// The trail every race shares after the origin: the `go` statements, the other
/// package's accesses, the conflicting access. Also whether a goroutine was guessed.
fn trail(ctx: &Ctx, memory: &MemoryModel, race: &Race, a: &Access, b: &Access) -> (Vec<Label>, bool) {
    let mut labels = Vec::new();
    let mut guessed = false;
    for c in [race.primary_context, race.other_context] {
        if let ContextKind::Goroutine { spawn, guessed: g, .. } = memory.context(c) {
            guessed |= *g;
            let label = ctx.label(*spawn, "goroutine started here");
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
    }
    for acc in [a, b] {
        if let Some(remote) = &acc.remote {
            let span = Span { path: remote.path.clone(), start: remote.start as usize, end: remote.end as usize };
            labels.push(Label::new(span, format!("the goroutine's {} is here", verb(acc.kind))));
        }
    }
    let other = in_context(ctx, memory, race.other_context);
    labels.push(ctx.label(b.span, format!("conflicting {} in {other}", verb(b.kind))));
    (labels, guessed)
}

/// Reports every race on memory of `origin`; `what` names the memory in messages
/// ("C-allocated memory"), `made` says where it came from ("allocated by").
pub fn report_races(ctx: &mut Ctx, origin: Origin, what: &str, made: &str) {
    let memory: &MemoryModel = ctx.result(&MEMORY);
    for race in ctx.result(&RACES) {
        let obj = &memory.objects[race.object];
        if obj.origin != origin {
            continue;
        }
        let (a, b) = (&obj.accesses[race.primary], &obj.accesses[race.other]);
        let alloc = ctx.snippet(obj.origin_span, 40);
        let message = format!(
            "unsynchronized {} ({}) of {what} from `{alloc}`, which {} also {} at the same time: \
             -race does not track this memory",
            verb(a.kind),
            via_word(a.via),
            in_context(ctx, memory, race.other_context),
            third_person(b.kind),
        );
        let mut secondary = vec![ctx.label(obj.origin_span, format!("{made} here"))];
        let (rest, guessed) = trail(ctx, memory, race, a, b);
        secondary.extend(rest);
        let primary = ctx.label(
            a.span,
            format!("{} in {}, not synchronized", verb(a.kind), in_context(ctx, memory, race.primary_context)),
        );
        let confidence = if guessed { Confidence::Medium } else { Confidence::High };
        ctx.report(message, confidence, primary, secondary);
    }
}

/// Reports every race on Go memory whose primary access is made by `accessor`.
pub fn report_uninstrumented(ctx: &mut Ctx, accessor: Accessor) {
    let memory: &MemoryModel = ctx.result(&MEMORY);
    let pkg = ctx.pkg;
    for race in ctx.result(&RACES) {
        let obj = &memory.objects[race.object];
        let (a, b) = (&obj.accesses[race.primary], &obj.accesses[race.other]);
        if obj.origin != Origin::Go || a.accessor != accessor {
            continue;
        }
        let memory_text = ctx.snippet(obj.origin_span, 40);
        let callee = match &pkg.expr(a.expr).kind {
            blindspot_go::model::ExprKind::Call { func, .. } => ctx.snippet(pkg.expr(*func).span, 40),
            _ => String::new(),
        };
        let here = in_context(ctx, memory, race.primary_context);
        let other = in_context(ctx, memory, race.other_context);
        let (doer, blind) = match accessor {
            Accessor::C => (format!("the C function `{callee}`"), "C code is not instrumented"),
            Accessor::Kernel => (format!("the kernel through `{callee}`"), "the kernel's accesses are invisible to it"),
            Accessor::Assembly => (format!("the assembly function `{callee}`"), "assembly is not instrumented"),
            Accessor::Norace | Accessor::Go => {
                let func = pkg.expr(a.expr).owner.map(|f| pkg.func(f).display_name()).unwrap_or_default();
                (format!("the //go:norace function `{func}`"), "the function is not instrumented")
            }
        };
        let message = format!(
            "Go memory `{memory_text}` is {} by {doer} in {here} while {other} also {} it without \
             synchronization: -race cannot see this race, {blind}",
            match a.kind {
                AccessKind::Read => "read",
                AccessKind::Write => "written",
                AccessKind::ReadWrite => "read and written",
            },
            third_person(b.kind),
        );
        let mut secondary = Vec::new();
        let inside_primary = obj.origin_span.file == a.span.file
            && a.span.start <= obj.origin_span.start
            && obj.origin_span.end <= a.span.end;
        if !inside_primary {
            secondary.push(ctx.label(obj.origin_span, "the memory is handed over or touched here"));
        }
        if accessor == Accessor::Norace {
            let directive = pkg.expr(a.expr).owner.and_then(|f| pkg.func(f).directive("go:norace").map(|d| d.span));
            if let Some(d) = directive {
                secondary.push(ctx.label(d, "the race detector skips this function"));
            }
        }
        let (rest, guessed) = trail(ctx, memory, race, a, b);
        secondary.extend(rest);
        let primary = ctx.label(a.span, format!("{} here in {here}, not synchronized", verb(a.kind)));
        let confidence = if guessed { Confidence::Medium } else { Confidence::High };
        ctx.report(message, confidence, primary, secondary);
    }
}

/// How a message names the way an access reaches the memory.
fn via_word(via: Via) -> &'static str {
    match via {
        Via::Variable => "variable",
        Via::Index => "index",
        Via::Dereference => "dereference",
        Via::Field => "field",
        Via::Range => "range",
        Via::Copy => "copy",
        Via::Call => "call",
        Via::SyscallWrapper => "syscall wrapper",
        Via::CCopy => "C copy",
        Via::CCall => "C call",
        Via::Atomic => "atomic",
        Via::RawSyscall => "raw syscall",
        Via::Assembly => "assembly",
        Via::ForeignGoroutine => "in a goroutine of another package",
    }
}
