//! Finding the handlers: `//export` functions, the functions passed to
//! `runtime.SetFinalizer` and `runtime.AddCleanup`, and the code that receives from a
//! channel registered with `signal.Notify` (followed through variables, fields, call
//! arguments, results and composite literals).

use blindspot_go::hash::{HashMap, HashMapExt};
use blindspot_go::model::*;

use super::{Handler, HandlerKind};
use crate::memory::{innermost_loop, ContextKind, MemoryModel};

/// A channel as a handler names it: a variable or parameter, or a field by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Chan {
    Binding(BindingId),
    Field(String),
}

/// The handlers of a package: `//export` functions, finalizers and cleanups, and the code
/// that receives from channels registered with `signal.Notify`.
pub(super) fn handlers(model: &MemoryModel, pkg: &Package) -> Vec<Handler> {
    let mut out = Vec::new();
    let whole = |f: FuncId| (pkg.func(f).span.start, pkg.func(f).span.end);
    for f in pkg.func_ids() {
        let func = pkg.func(f);
        if let (true, Some(d)) = (func.has_body, func.directive("export")) {
            let region = whole(f);
            out.push(Handler {
                kind: HandlerKind::Export,
                registered: d.span,
                registering: None,
                entry: f,
                receive: None,
                goroutine: None,
                region,
                skipped: Vec::new(),
            });
        }
    }
    let mut notify: Vec<(ExprId, Span)> = Vec::new();
    for id in pkg.expr_ids() {
        let ExprKind::Call { func, args, .. } = &pkg.expr(id).kind else { continue };
        let span = pkg.expr(id).span;
        let kind = match pkg.qualified_name(*func) {
            Some(("runtime", "SetFinalizer")) => HandlerKind::Finalizer,
            Some(("runtime", "AddCleanup")) => HandlerKind::Cleanup,
            Some(("os/signal", "Notify")) => {
                if let Some(&ch) = args.first() {
                    notify.push((ch, span));
                }
                continue;
            }
            _ => continue,
        };
        let Some(&arg) = args.get(1) else { continue };
        let target = match pkg.expr(arg).kind {
            ExprKind::FuncLit(f) => Some(f),
            ExprKind::Name { .. } | ExprKind::Selector { .. } => pkg.callee_func(arg).map(|(f, _)| f),
            _ => None,
        };
        let Some(f) = target.filter(|f| pkg.func(*f).has_body) else { continue };
        out.push(Handler {
            kind,
            registered: span,
            registering: pkg.expr(id).owner,
            entry: f,
            receive: None,
            goroutine: None,
            region: whole(f),
            skipped: Vec::new(),
        });
    }
    if !notify.is_empty() {
        out.extend(signal_receivers(model, pkg, &notify));
    }
    out
}

/// The channel an expression names.
fn chan_of(pkg: &Package, e: ExprId) -> Option<Chan> {
    match &pkg.expr(e).kind {
        ExprKind::Name { .. } => match pkg.resolve(e)? {
            Resolved::Local(b) | Resolved::Global(Global::Var(b)) => Some(Chan::Binding(b)),
            _ => None,
        },
        ExprKind::Selector { base, field } => match pkg.resolve(*base) {
            Some(Resolved::Import(_)) => None,
            _ => Some(Chan::Field(field.clone())),
        },
        _ => None,
    }
}

/// The code that runs when a signal arrives: follows each registered channel through
/// assignments, fields, call arguments and results to the receives from it.
fn signal_receivers(model: &MemoryModel, pkg: &Package, notify: &[(ExprId, Span)]) -> Vec<Handler> {
    let mut chans: HashMap<Chan, Span> = HashMap::new();
    for &(ch, span) in notify {
        if let Some(c) = chan_of(pkg, ch) {
            chans.entry(c).or_insert(span);
        }
    }
    // Functions returning a registered channel: their calls are the channel too.
    let mut returning: HashMap<FuncId, Span> = HashMap::new();
    let key = |chans: &HashMap<Chan, Span>, returning: &HashMap<FuncId, Span>, e: ExprId| -> Option<Span> {
        if let ExprKind::Call { func, .. } = &pkg.expr(e).kind {
            let (f, _) = pkg.callee_func(*func)?;
            return returning.get(&f).copied();
        }
        chans.get(&chan_of(pkg, e)?).copied()
    };
    for _ in 0..4 {
        let before = chans.len() + returning.len();
        for st in pkg.stmt_ids() {
            let stmt = pkg.stmt(st);
            match &stmt.kind {
                StmtKind::Assign { .. } => {
                    for (to, from) in pkg.assignments(st) {
                        if let (Some(span), Some(c)) = (key(&chans, &returning, from), chan_of(pkg, to)) {
                            chans.entry(c).or_insert(span);
                        }
                    }
                }
                StmtKind::Return(values) => {
                    if let (Some(f), Some(span)) = (stmt.owner, values.iter().find_map(|v| key(&chans, &returning, *v)))
                    {
                        returning.entry(f).or_insert(span);
                    }
                }
                _ => {}
            }
        }
        for id in pkg.expr_ids() {
            match &pkg.expr(id).kind {
                ExprKind::Call { func, args, .. } => {
                    let Some((callee, _)) = pkg.callee_func(*func) else { continue };
                    for (i, a) in args.iter().enumerate() {
                        let Some(span) = key(&chans, &returning, *a) else { continue };
                        let callee = pkg.func(callee);
                        let Some(b) = callee.param_for_arg(i).and_then(|p| callee.params[p].binding) else { continue };
                        chans.entry(Chan::Binding(b)).or_insert(span);
                    }
                }
                ExprKind::Composite { elems, .. } => {
                    for el in elems {
                        let (Some(ElementKey::Name(f)), Some(span)) = (&el.key, key(&chans, &returning, el.value))
                        else {
                            continue;
                        };
                        chans.entry(Chan::Field(f.clone())).or_insert(span);
                    }
                }
                _ => {}
            }
        }
        // Variables declared with a value: `sigs := notifyChan()`.
        for (i, b) in pkg.bindings.iter().enumerate() {
            if let Some((init, 0)) = b.init {
                if let Some(span) = key(&chans, &returning, init) {
                    chans.entry(Chan::Binding(BindingId(i as u32))).or_insert(span);
                }
            }
        }
        if chans.len() + returning.len() == before {
            break;
        }
    }
    let mut out = Vec::new();
    let mut add = |entry: FuncId, receive: Span, region: (u32, u32), skipped: Vec<(u32, u32)>, registered: Span| {
        let goroutine = model
            .func_contexts(pkg)
            .get(entry.index())
            .and_then(|cs| cs.iter().copied().find(|&c| matches!(model.context(c), ContextKind::Goroutine { .. })));
        out.push(Handler {
            kind: HandlerKind::Signal,
            registered,
            registering: None,
            entry,
            receive: Some(receive),
            goroutine,
            region,
            skipped,
        });
    };
    for id in pkg.expr_ids() {
        let e = pkg.expr(id);
        let (ExprKind::Unary { op: UnaryOp::Recv, operand }, Some(f)) = (&e.kind, e.owner) else { continue };
        let Some(registered) = chan_of(pkg, *operand).and_then(|c| chans.get(&c).copied()) else { continue };
        let end = pkg.func(f).span.end;
        let case = pkg
            .select_cases
            .iter()
            .filter(|c| c.file == e.span.file && c.start <= e.span.start && e.span.end <= c.end)
            .min_by_key(|c| c.end - c.start);
        // A `select` case runs its body; a plain receive, what follows it (in a loop, all
        // of the loop after the first signal).
        // Outside a loop, what follows the receive skips the `else` of every `if` whose
        // body holds it (`if quiet { <-sigs; close(done) } else { go draw() }`).
        let (region, skipped) = match case {
            Some(c) => ((e.span.end, c.end), Vec::new()),
            None => match innermost_loop(pkg, e.span.file, e.span.start) {
                Some(l) if l.start >= pkg.func(f).span.start => ((l.start, end), Vec::new()),
                _ => {
                    let skipped = pkg
                        .if_else
                        .iter()
                        .filter(|(body, _)| {
                            body.file == e.span.file && body.start <= e.span.start && e.span.end <= body.end
                        })
                        .map(|(_, alt)| (alt.start, alt.end))
                        .collect();
                    ((e.span.end, end), skipped)
                }
            },
        };
        add(f, e.span, region, skipped, registered);
    }
    for st in pkg.stmt_ids() {
        let stmt = pkg.stmt(st);
        let (StmtKind::Range { over, .. }, Some(f)) = (&stmt.kind, stmt.owner) else { continue };
        let Some(registered) = chan_of(pkg, *over).and_then(|c| chans.get(&c).copied()) else { continue };
        let Some(l) = innermost_loop(pkg, stmt.span.file, stmt.span.start) else { continue };
        add(f, stmt.span, (l.start, l.end), Vec::new(), registered);
    }
    out
}
