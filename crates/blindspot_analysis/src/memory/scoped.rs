//! Goroutines their spawner waits for on every path: the goroutine closes (or sends on) a
//! channel, or calls `Done` on a `sync.WaitGroup`, of the spawning function, and every way
//! out of that function after the `go` statement passes a receive from that channel (or a
//! `Wait`) first: a receive whose block holds the exit, a `select` each of whose clauses
//! receives from it (`select { case <-done: ...; case <-ctx.Done(): ...; <-done }`), or, for
//! goroutines started one per turn of a loop, a later loop receiving once per turn.
//!
//! Such a goroutine lives within one call of its spawner. Code in functions the spawner
//! does not call runs before or after that call in the spawning goroutine, never during
//! it, so it is ordered with the goroutine.
//!
//! Without a control-flow graph, "every path" is read from the block structure of
//! structured code: a statement runs before another on every path when the first one's
//! innermost block holds the second. `goto` and labeled `break` are not followed.

use std::collections::HashSet as StdHashSet;

use blindspot_go::hash::{HashMap, HashSet, HashSetExt};
use blindspot_go::model::*;

use super::alias::var;
use super::sync::innermost_loop;

/// How deep `select` statements nested in clauses are followed.
const MAX_SELECT_NESTING: usize = 4;

/// The most functions a spawner's call may reach for its goroutine to count as scoped: a
/// bound on the work, not on correctness (past it, nothing is assumed).
const MAX_REACHED: usize = 4096;

/// The functions a call of `f` may run, `f` included; `None` past [`MAX_REACHED`].
pub(crate) fn reachable(f: FuncId, callees: &HashMap<FuncId, Vec<FuncId>>) -> Option<StdHashSet<FuncId>> {
    let (mut seen, mut work) = (StdHashSet::new(), vec![f]);
    while let Some(h) = work.pop() {
        crate::budget::spend(1);
        if seen.insert(h) {
            if seen.len() > MAX_REACHED {
                return None;
            }
            work.extend(callees.get(&h).into_iter().flatten().copied());
        }
    }
    Some(seen)
}

/// The expressions and statements of each function, found once per package: the questions
/// below are asked per goroutine, and must not scan the package each time.
#[derive(Default)]
pub(crate) struct ByOwner {
    exprs: HashMap<FuncId, Vec<ExprId>>,
    stmts: HashMap<FuncId, Vec<StmtId>>,
}

impl ByOwner {
    pub fn new(pkg: &Package) -> ByOwner {
        let mut by = ByOwner::default();
        for id in pkg.expr_ids() {
            if let Some(f) = pkg.expr(id).owner {
                by.exprs.entry(f).or_default().push(id);
            }
        }
        for id in pkg.stmt_ids() {
            if let Some(f) = pkg.stmt(id).owner {
                by.stmts.entry(f).or_default().push(id);
            }
        }
        by
    }

    fn exprs(&self, f: FuncId) -> &[ExprId] {
        self.exprs.get(&f).map_or(&[], Vec::as_slice)
    }

    fn stmts(&self, f: FuncId) -> &[StmtId] {
        self.stmts.get(&f).map_or(&[], Vec::as_slice)
    }
}

/// Whether the goroutine started at `spawn` in `spawner`, running `target`, is waited for
/// before `spawner` returns.
pub(crate) fn joined_before_return(pkg: &Package, by: &ByOwner, spawn: Span, spawner: FuncId, target: FuncId) -> bool {
    let signals = signals(pkg, by, target, spawner);
    if signals.is_empty() {
        return false;
    }
    let f = pkg.func(spawner).span;
    // The spawner's blocks, once: every question below is about positions inside it.
    let blocks =
        pkg.blocks.iter().filter(|b| b.file == f.file && f.start <= b.start && b.end <= f.end).copied().collect();
    let selects = pkg
        .selects
        .iter()
        .filter(|s| s.span.file == f.file && f.start <= s.span.start && s.span.end <= f.end)
        .collect();
    let cx = Scope { spawn, receives: receives(pkg, by, spawner, spawn, &signals), blocks, selects };
    if cx.receives.is_empty() {
        return false;
    }
    let returns = by
        .stmts(spawner)
        .iter()
        .map(|s| pkg.stmt(*s))
        .filter(|st| matches!(st.kind, StmtKind::Return(_)) && st.span.start >= spawn.end);
    for st in returns {
        if !cx.waited_before(st.span) {
            return false;
        }
    }
    // A function with results ends in a terminating statement: its end is not reached.
    // Without results, the end is one more way out.
    let func = pkg.func(spawner);
    if func.results.is_empty() {
        let last = func.span.end.saturating_sub(1);
        return cx.waited_before(Span { file: func.span.file, start: last, end: last });
    }
    true
}

/// The bindings of `spawner` the goroutine signals on: channels it closes or sends on,
/// wait groups it calls `Done` on.
fn signals(pkg: &Package, by: &ByOwner, target: FuncId, spawner: FuncId) -> HashSet<BindingId> {
    let mut out = HashSet::new();
    let captured = |e: ExprId| var(pkg, e).filter(|b| pkg.binding(*b).owner == Some(spawner));
    if pkg.func(target).parent != Some(spawner) {
        return out;
    }
    for &id in by.exprs(target) {
        let e = pkg.expr(id);
        let ExprKind::Call { func, args, .. } = &e.kind else { continue };
        if pkg.is_builtin(*func, "close") {
            out.extend(args.first().and_then(|a| captured(*a)));
        } else if let ExprKind::Selector { base, field } = &pkg.expr(*func).kind {
            if field == "Done" && args.is_empty() {
                out.extend(captured(*base));
            }
        }
    }
    for &s in by.stmts(target) {
        if let StmtKind::Send { chan, .. } = &pkg.stmt(s).kind {
            out.extend(captured(*chan));
        }
    }
    out
}

/// Where `spawner` receives from one of the channels (or waits on one of the groups),
/// after the `go` statement and in its loop iteration.
fn receives(pkg: &Package, by: &ByOwner, spawner: FuncId, spawn: Span, signals: &HashSet<BindingId>) -> Vec<Span> {
    let go_loop = innermost_loop(pkg, spawn.file, spawn.start);
    let mut out = Vec::new();
    for &id in by.exprs(spawner) {
        let e = pkg.expr(id);
        if e.span.file != spawn.file || e.span.start < spawn.end {
            continue;
        }
        let waits = match &e.kind {
            ExprKind::Unary { op: UnaryOp::Recv, operand } => var(pkg, *operand).is_some_and(|b| signals.contains(&b)),
            ExprKind::Call { func, args, .. } if args.is_empty() => matches!(&pkg.expr(*func).kind,
                ExprKind::Selector { base, field } if field == "Wait" && var(pkg, *base).is_some_and(|b| signals.contains(&b))),
            _ => false,
        };
        if !waits {
            continue;
        }
        let recv_loop = innermost_loop(pkg, e.span.file, e.span.start);
        if recv_loop == go_loop {
            out.push(e.span);
        } else if let Some(counted) = counted_receive(pkg, go_loop, recv_loop, e.span) {
            out.push(counted);
        }
    }
    out
}

/// A loop that receives once per turn, after a loop that starts one goroutine per turn:
/// `for i := 0; i < n; i++ { go work(ch) }` then `for i := 0; i < n; i++ { <-ch }`. It
/// waits for them all, so the receive stands where the loop does. The two loops are in
/// the same enclosing loop (or none), and the receive is directly in the loop's body, not
/// in a branch of it.
fn counted_receive(pkg: &Package, go_loop: Option<Span>, recv_loop: Option<Span>, recv: Span) -> Option<Span> {
    let (spawns, receives) = (go_loop?, recv_loop?);
    if receives.start < spawns.end {
        return None;
    }
    let enclosing = |l: Span| {
        pkg.loops
            .iter()
            .filter(|o| o.file == l.file && o.start <= l.start && l.end <= o.end && **o != l)
            .min_by_key(|o| o.end - o.start)
            .copied()
    };
    if enclosing(spawns) != enclosing(receives) {
        return None;
    }
    let inside = |b: &&Span| b.file == receives.file && receives.start < b.start && b.end <= receives.end;
    let body = pkg.blocks.iter().filter(inside).max_by_key(|b| b.end - b.start)?;
    let innermost = super::sync::innermost_block(pkg, recv)?;
    (innermost == *body).then_some(receives)
}

struct Scope<'a> {
    spawn: Span,
    receives: Vec<Span>,
    /// The blocks and `select` statements within the spawner.
    blocks: Vec<Span>,
    selects: Vec<&'a Select>,
}

impl Scope<'_> {
    /// The innermost block holding a position of the spawner's file.
    fn block_of(&self, at: Span) -> Option<Span> {
        self.blocks
            .iter()
            .filter(|b| b.file == at.file && b.start <= at.start && at.end <= b.end && *b != &at)
            .min_by_key(|b| b.end - b.start)
            .copied()
    }

    fn holds(block: Option<Span>, at: Span) -> bool {
        block.is_some_and(|b| b.start <= at.start && at.end <= b.end)
    }

    /// Whether every path to `exit` passes a receive (or a `select` of receives) first.
    fn waited_before(&self, exit: Span) -> bool {
        let direct = self.receives.iter().any(|r| r.end <= exit.start && Self::holds(self.block_of(*r), exit));
        direct
            || self.selects.iter().any(|sel| {
                sel.span.file == exit.file
                    && sel.span.start >= self.spawn.end
                    && sel.span.end <= exit.start
                    && Self::holds(self.block_of(sel.span), exit)
                    && self.every_clause_receives(sel, 0)
            })
    }

    /// Whether each clause of a `select` receives (directly in the clause, not in a
    /// block within it), or holds such a `select` directly.
    fn every_clause_receives(&self, sel: &Select, depth: usize) -> bool {
        if depth > MAX_SELECT_NESTING || sel.clauses.is_empty() {
            return false;
        }
        sel.clauses.iter().all(|c| {
            let in_clause = |at: Span| Self::holds(Some(*c), at) && self.block_of(at) == Some(*c);
            self.receives.iter().any(|r| in_clause(*r))
                || self.selects.iter().any(|inner| {
                    inner.span != sel.span && in_clause(inner.span) && self.every_clause_receives(inner, depth + 1)
                })
        })
    }
}
