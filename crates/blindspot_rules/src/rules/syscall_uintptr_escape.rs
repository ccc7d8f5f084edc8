//! BS202 syscall-uintptr-escape: `uintptr(unsafe.Pointer(x))` evaluated outside the
//! argument list of the keep-alive call that consumes it.
//!
//! Detection: the keep-alive pass ([`blindspot_analysis::keepalive::KEEPALIVE`]) follows
//! each conversion through variables, fields, elements, results and wrappers (also those
//! of other packages, through their facts); this rule words each escape, with a trail from
//! the conversion to the call that consumes it.

use blindspot_analysis::api::SYSCALL_PACKAGES;
use blindspot_analysis::keepalive::{Consumer, Step, Store, TrailStep, KEEPALIVE};
use blindspot_analysis::{Trigger, Word};
use blindspot_report::{Confidence, Label, Span};

use crate::Ctx;

/// Keep-alive calls: raw syscalls and Windows procedures of the syscall packages, functions
/// marked `//go:uintptrescapes`, assembly (an imported wrapper gives its fact).
pub const TRIGGER: Trigger =
    Trigger { imports: SYSCALL_PACKAGES, words: &[Word::Text("go:uintptrescapes")], assembly: true, and: None };

pub fn check(ctx: &mut Ctx) {
    for escape in ctx.result(&KEEPALIVE) {
        let pkg = ctx.pkg;
        let what = ctx.snippet(pkg.expr(escape.conversion).span, 60);
        let mut secondary = Vec::new();
        // How the value leaves the argument list: the first step's words.
        let mut how = String::new();
        let mut consumer = String::from("the call that uses it");
        let mut unseen = "";
        for step in &escape.steps {
            let first = how.is_empty();
            match step {
                Step::Stored { span, target } => {
                    let target = store(target);
                    if first {
                        how = format!("is stored in {target}");
                    }
                    secondary.push(ctx.label(*span, format!("stored in {target} here")));
                }
                Step::Returned { span, func } => {
                    let name = pkg.func(*func).display_name();
                    if first {
                        how = format!("is returned from `{name}`");
                    }
                    secondary.push(ctx.label(*span, format!("returned from `{name}` here")));
                }
                Step::Wrapper { call, callee, param } => {
                    let name = pkg.func(*callee).display_name();
                    if first {
                        how = format!("is passed to the wrapper `{name}`");
                    }
                    secondary.push(ctx.label(*call, format!("passed to `{name}` as its parameter `{param}`")));
                }
                Step::ForeignWrapper { call, callee, param } => {
                    if first {
                        how = format!("is passed to the wrapper `{callee}`");
                    }
                    // Replaced by the consuming call when the wrapper's trail is known.
                    consumer = format!("the raw syscall inside `{callee}`");
                    unseen = ", and the kernel's access is invisible to -race";
                    secondary.push(ctx.label(*call, format!("passed to `{callee}` (argument {})", param + 1)));
                }
                Step::Foreign { span, step } => {
                    let label = match step {
                        TrailStep::PassedOn { callee, param } => {
                            format!("passed on to `{callee}` as its parameter `{param}`")
                        }
                        TrailStep::PassedToForeign { callee } => format!("passed on to `{callee}`"),
                        TrailStep::Consumed { by } => {
                            consumer = consumed_by(by);
                            unseen = unseen_access(by);
                            consumed_label(by)
                        }
                    };
                    let span = Span { path: span.path.clone(), start: span.start as usize, end: span.end as usize };
                    secondary.push(Label::new(span, label));
                }
                Step::Consumed { call, by } => {
                    consumer = consumed_by(by);
                    unseen = unseen_access(by);
                    secondary.push(ctx.label(*call, consumed_label(by)));
                }
            }
        }
        if how.is_empty() {
            how = "escapes the argument list".to_string();
        }
        let message = format!(
            "`{what}` {how} before {consumer} uses it: only a conversion written in that call's own argument \
             list keeps the object alive{unseen}"
        );
        let primary = ctx.label(
            pkg.expr(escape.conversion).span,
            "pointer converted to uintptr here, outside the call that uses it",
        );
        let confidence = if escape.heuristic { Confidence::Medium } else { Confidence::High };
        ctx.report(message, confidence, primary, secondary);
    }
}

/// Where a value is stored: `variable `addr``, `field `addr` of a composite literal`.
fn store(target: &Store) -> String {
    match target {
        Store::Variable(text) => format!("variable `{text}`"),
        Store::Field(field) => format!("field `{field}`"),
        Store::Element(text) => format!("element `{text}`"),
        Store::Other(text) => format!("`{text}`"),
        Store::LiteralField(field) => format!("field `{field}` of a composite literal"),
        Store::LiteralElement => "an element of a composite literal".to_string(),
        Store::Append => "a slice by append".to_string(),
    }
}

/// The call that consumes the value: `syscall.Syscall`, `the assembly function `f``.
fn consumed_by(by: &Consumer) -> String {
    match by {
        Consumer::RawSyscall(name) => name.clone(),
        Consumer::ProcCall => "the Windows procedure call `Call`".to_string(),
        Consumer::Assembly(name) => format!("the assembly function `{name}`"),
        Consumer::Bodyless(name) => format!("`{name}` (declared without a body, implemented elsewhere)"),
        Consumer::UintptrEscapes(name) => format!("`{name}` (marked //go:uintptrescapes)"),
        Consumer::UintptrKeepAlive(name) => format!("`{name}` (marked //go:uintptrkeepalive)"),
    }
}

/// Who touches the memory where -race cannot see it, when the consumer says so: the kernel
/// behind a syscall, or assembly.
fn unseen_access(by: &Consumer) -> &'static str {
    match by {
        Consumer::RawSyscall(_) | Consumer::ProcCall => ", and the kernel's access is invisible to -race",
        Consumer::Assembly(_) => ", and the assembly's access is invisible to -race",
        Consumer::Bodyless(_) | Consumer::UintptrEscapes(_) | Consumer::UintptrKeepAlive(_) => "",
    }
}

fn consumed_label(by: &Consumer) -> String {
    format!("consumed by {} here, too late to keep the object alive", consumed_by(by))
}
