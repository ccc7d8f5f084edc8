//! BS202 syscall-uintptr-escape: `uintptr(unsafe.Pointer(x))` evaluated outside the
//! argument list of the keep-alive call that consumes it.
//!
//! The flow itself (variables, fields, elements, results, wrappers) is computed by
//! [`blindspot_analysis::keepalive`]; this rule turns each escape into a diagnostic whose trail
//! walks from the conversion to the call that consumes it.

use blindspot_analysis::keepalive::{Step, KEEPALIVE};
use blindspot_report::{Confidence, Label, Span};

use crate::Ctx;

pub fn check(ctx: &mut Ctx) {
    for escape in ctx.result(&KEEPALIVE) {
        let pkg = ctx.pkg;
        let conv = pkg.expr(escape.conversion);
        let what = ctx.snippet(conv.span, 60);
        let mut secondary = Vec::new();
        let mut how = String::new();
        let mut consumer = String::from("the call that uses it");
        for step in &escape.steps {
            match step {
                Step::Stored { span, target } => {
                    if how.is_empty() {
                        how = format!("is stored in {target}");
                    }
                    secondary.push(ctx.label(*span, format!("stored in {target} here")));
                }
                Step::Returned { span, func } => {
                    let name = pkg.func(*func).display_name();
                    if how.is_empty() {
                        how = format!("is returned from `{name}`");
                    }
                    secondary.push(ctx.label(*span, format!("returned from `{name}` here")));
                }
                Step::Wrapper { call, callee, param } => {
                    let name = pkg.func(*callee).display_name();
                    if how.is_empty() {
                        how = format!("is passed to the wrapper `{name}`");
                    }
                    secondary.push(ctx.label(*call, format!("passed to `{name}` as its parameter `{param}`")));
                }
                Step::ForeignWrapper { call, callee, param } => {
                    if how.is_empty() {
                        how = format!("is passed to the wrapper `{callee}`");
                    }
                    // Replaced by the consuming call when the wrapper's trail is known.
                    consumer = format!("the raw syscall inside `{callee}`");
                    secondary.push(ctx.label(*call, format!("passed to `{callee}` (argument {})", param + 1)));
                }
                Step::Foreign { span, label } => {
                    if let Some(rest) = label.strip_prefix("consumed by ") {
                        consumer = rest.split(" here").next().unwrap_or(rest).to_string();
                    }
                    let span = Span { path: span.path.clone(), start: span.start as usize, end: span.end as usize };
                    secondary.push(Label::new(span, label.clone()));
                }
                Step::Consumed { call, callee } => {
                    consumer = callee.clone();
                    secondary.push(
                        ctx.label(*call, format!("consumed by {callee} here, too late to keep the object alive")),
                    );
                }
            }
        }
        if how.is_empty() {
            how = "escapes the argument list".to_string();
        }
        let message = format!(
            "`{what}` {how} before {consumer} uses it: only a conversion written in that call's own argument \
             list keeps the object alive, and the kernel's access is invisible to -race"
        );
        let primary = ctx.label(conv.span, "pointer converted to uintptr here, outside the call that uses it");
        let confidence = if escape.heuristic { Confidence::Medium } else { Confidence::High };
        ctx.report(message, confidence, primary, secondary);
    }
}
