//! Synchronization points: where each function receives from a channel, waits
//! (`.Wait()`), ranges over a channel, sends or closes. Found once per package; `order`
//! turns them into happens-before.

use blindspot_go::hash::{HashMap, HashSet, HashSetExt};
use blindspot_go::model::*;

/// Where each function receives, waits and sends, found once per package.
#[derive(Default)]
pub(crate) struct SyncPoints {
    /// Joins: a receive, a `.Wait()`, the start of a `range` over a channel. Sorted.
    pub joins: HashMap<FuncId, Vec<u32>>,
    /// Ends of receive expressions. Sorted.
    pub receives: HashMap<FuncId, Vec<u32>>,
    /// The loops of `range` statements over channels.
    pub channel_loops: HashMap<FuncId, Vec<Span>>,
    /// Sends: position and innermost loop.
    pub sends: HashMap<FuncId, Vec<(u32, Option<Span>)>>,
}

impl SyncPoints {
    pub fn new(pkg: &Package) -> SyncPoints {
        let mut s = SyncPoints::default();
        // Calls of the package's functions: (caller, callee, start, end).
        let mut calls: Vec<(FuncId, FuncId, u32, u32)> = Vec::new();
        let channels = ChannelNames::new(pkg);
        for id in pkg.expr_ids() {
            let e = pkg.expr(id);
            let Some(owner) = e.owner else { continue };
            // `go f()` runs `f` in another goroutine: a wait inside it joins nothing here.
            // `defer x.Wait()` waits when the function returns.
            let statement = match e.parent {
                Parent::Stmt(st) => Some(&pkg.stmt(st).kind),
                _ => None,
            };
            if matches!(statement, Some(StmtKind::Go(_))) {
                continue;
            }
            let deferred = matches!(statement, Some(StmtKind::Defer(_)));
            let (start, end) = if deferred {
                let end = pkg.func(owner).span.end;
                (end, end)
            } else {
                (e.span.start, e.span.end)
            };
            match &e.kind {
                ExprKind::Unary { op: UnaryOp::Recv, .. } => {
                    s.joins.entry(owner).or_default().push(e.span.start);
                    s.receives.entry(owner).or_default().push(e.span.end);
                }
                ExprKind::Call { func, args, .. }
                    if args.is_empty()
                        && matches!(&pkg.expr(*func).kind, ExprKind::Selector { field, .. } if field == "Wait") =>
                {
                    s.joins.entry(owner).or_default().push(start);
                    // A `Wait` method of the package may receive too.
                    if let Some((callee, _)) = pkg.callee_func(*func).filter(|(c, _)| *c != owner) {
                        calls.push((owner, callee, start, end));
                    }
                }
                // `close(ch)` hands over like a send; deferred, when the function returns.
                ExprKind::Call { func, .. } if pkg.is_builtin(*func, "close") => {
                    s.sends.entry(owner).or_default().push((start, innermost_loop(pkg, e.span.file, e.span.start)));
                }
                ExprKind::Call { func, .. } => {
                    if let Some((callee, _)) = pkg.callee_func(*func).filter(|(c, _)| *c != owner) {
                        calls.push((owner, callee, start, end));
                    }
                }
                _ => {}
            }
        }
        for st in &pkg.stmts {
            let Some(owner) = st.owner else { continue };
            match st.kind {
                StmtKind::Range { over, .. } if channels.is_channel(pkg, over) => {
                    // Each iteration's body runs after a receive: the values handed over
                    // are ordered after what the sender did before sending.
                    s.joins.entry(owner).or_default().push(st.span.start);
                    if let Some(l) = innermost_loop(pkg, st.span.file, st.span.start) {
                        s.channel_loops.entry(owner).or_default().push(l);
                    }
                }
                StmtKind::Send { .. } => {
                    let l = innermost_loop(pkg, st.span.file, st.span.start);
                    s.sends.entry(owner).or_default().push((st.span.start, l));
                }
                _ => {}
            }
        }
        // A call of a function of the package that receives (`p.Wait()` doing `<-p.ready`)
        // is a receive at the call, a few calls deep.
        for _ in 0..3 {
            let found: Vec<(FuncId, u32, u32)> = calls
                .iter()
                .filter(|(_, callee, ..)| s.receives.contains_key(callee))
                .map(|&(owner, _, start, end)| (owner, start, end))
                .collect();
            let mut grew = false;
            for (owner, start, end) in found {
                let r = s.receives.entry(owner).or_default();
                if !r.contains(&end) {
                    r.push(end);
                    s.joins.entry(owner).or_default().push(start);
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        for v in s.joins.values_mut().chain(s.receives.values_mut()) {
            v.sort_unstable();
            v.dedup();
        }
        s
    }
}

/// The names channels are sent on or closed under, to recognize a `range` over one.
struct ChannelNames {
    names: HashSet<String>,
}

impl ChannelNames {
    fn new(pkg: &Package) -> ChannelNames {
        let mut names = HashSet::new();
        for st in &pkg.stmts {
            if let StmtKind::Send { chan, .. } = st.kind {
                names.insert(pkg.text(pkg.expr(chan).span).to_string());
            }
        }
        for id in pkg.expr_ids() {
            if let ExprKind::Call { func, args, .. } = &pkg.expr(id).kind {
                if pkg.is_builtin(*func, "close") {
                    if let Some(a) = args.first() {
                        names.insert(pkg.text(pkg.expr(*a).span).to_string());
                    }
                }
            }
        }
        ChannelNames { names }
    }

    /// Declared with a `chan` type, made with `make(chan T)`, or sent on or closed under
    /// the same name.
    fn is_channel(&self, pkg: &Package, over: ExprId) -> bool {
        let is_chan_type = |t: &str| t.starts_with("chan") || t.starts_with("<-chan");
        if let Some(Resolved::Local(b) | Resolved::Global(Global::Var(b))) = pkg.resolve(over) {
            let binding = pkg.binding(b);
            if binding.ty.as_ref().is_some_and(|t| is_chan_type(t.as_str())) {
                return true;
            }
            if let Some((init, 0)) = binding.init {
                if let ExprKind::Call { func, args, .. } = &pkg.expr(init).kind {
                    let made_chan = pkg.is_builtin(*func, "make")
                        && args.first().is_some_and(
                            |a| matches!(&pkg.expr(*a).kind, ExprKind::Type(t) if is_chan_type(t.as_str())),
                        );
                    if made_chan {
                        return true;
                    }
                }
            }
        }
        self.names.contains(pkg.text(pkg.expr(over).span))
    }
}

/// The innermost loop around a position, if any.
pub(crate) fn innermost_loop(pkg: &Package, file: FileId, at: u32) -> Option<Span> {
    pkg.loops.iter().filter(|l| l.file == file && l.start <= at && at < l.end).min_by_key(|l| l.end - l.start).copied()
}

/// The innermost block (a `{...}` body, a `case` or `select` clause) around `span`: code in
/// it runs whenever the block does, so it runs before anything later in the block.
pub(crate) fn innermost_block(pkg: &Package, span: Span) -> Option<Span> {
    pkg.blocks
        .iter()
        .filter(|k| k.file == span.file && k.start <= span.start && span.end <= k.end)
        .min_by_key(|k| k.end - k.start)
        .copied()
}
