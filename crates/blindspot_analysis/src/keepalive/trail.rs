//! From what the fixpoint found to each escape's steps: where the converted value first
//! goes, and the wrappers from there to the keep-alive call that consumes it.

use std::collections::BTreeMap;

use blindspot_go::model::*;

use super::flow::{imported_sink, Reach, Source, State};
use super::{Consumer, Escape, Step, Store};
use crate::api::KeepAlive;

impl State<'_> {
    pub(super) fn collect(&self) -> Vec<Escape> {
        let pkg = self.pkg;
        // Each escape, with the call its trail ends at. Flow-insensitively, a value stored in
        // a variable or field reaches every call that reads it, also ones that ran before the
        // store: a later one replaces such an earlier one (`ifreq.Data = ...` then the second
        // `Syscall(..., ifreq)`, not the first).
        let mut found: BTreeMap<ExprId, (ExprId, Escape)> = BTreeMap::new();
        let before = |call: ExprId, c: ExprId| {
            let (call, conv) = (pkg.expr(call), pkg.expr(c));
            call.owner == conv.owner && call.span.file == conv.span.file && call.span.end <= conv.span.start
        };
        let take = |found: &BTreeMap<ExprId, (ExprId, Escape)>, c: ExprId, call: ExprId| {
            found.get(&c).is_none_or(|(old, _)| before(*old, c) && !before(call, c))
        };
        for id in pkg.expr_ids() {
            let ExprKind::Call { args, .. } = &pkg.expr(id).kind else { continue };
            if let Some(kind) = self.keep_alive.get(&id) {
                for a in args {
                    let direct = self.direct_conversions(*a);
                    for (c, via_field) in self.carried_conversions(*a) {
                        if direct.contains(&c) || !take(&found, c, id) {
                            continue;
                        }
                        let mut steps = self.first_hop(c);
                        steps.push(Step::Consumed { call: pkg.expr(id).span, by: Consumer::of(kind, pkg) });
                        let heuristic = via_field || matches!(kind, KeepAlive::ProcCall(true));
                        found.insert(c, (id, Escape { conversion: c, steps, heuristic }));
                    }
                }
            } else if self.wrapper_callee(id).is_none() {
                for (ai, a) in args.iter().enumerate() {
                    let Some((name, trail)) = imported_sink(pkg, self.imports, id, ai) else { continue };
                    for (c, via_field) in self.carried_conversions(*a) {
                        if !take(&found, c, id) {
                            continue;
                        }
                        let direct = self.direct_conversions(*a).contains(&c);
                        let mut steps = if direct { Vec::new() } else { self.first_hop(c) };
                        steps.push(Step::ForeignWrapper { call: pkg.expr(id).span, callee: name.clone(), param: ai });
                        steps.extend(
                            trail.iter().map(|(span, step)| Step::Foreign { span: span.clone(), step: step.clone() }),
                        );
                        found.insert(c, (id, Escape { conversion: c, steps, heuristic: via_field }));
                    }
                }
            } else if let Some((callee, guessed)) = self.wrapper_callee(id) {
                for (ai, a) in args.iter().enumerate() {
                    let Some(pi) = pkg.func(callee).param_for_arg(ai) else { continue };
                    if !self.sinks.contains_key(&(callee, pi)) {
                        continue;
                    }
                    for (c, via_field) in self.carried_conversions(*a) {
                        if !take(&found, c, id) {
                            continue;
                        }
                        let direct = self.direct_conversions(*a).contains(&c);
                        let mut steps = if direct { Vec::new() } else { self.first_hop(c) };
                        let mut heuristic = guessed || via_field;
                        steps.extend(self.wrapper_chain(id, callee, pi, &mut heuristic));
                        found.insert(c, (id, Escape { conversion: c, steps, heuristic }));
                    }
                }
            }
        }
        found.into_values().map(|(_, e)| e).collect()
    }

    /// The conversions an argument's value may carry, each with whether it got there
    /// through a field matched by name (a guess).
    fn carried_conversions(&self, arg: ExprId) -> Vec<(ExprId, bool)> {
        self.taint[arg.index()]
            .iter()
            .filter_map(|s| match *s {
                Source::Conv(c) => Some((c, false)),
                Source::ConvViaField(c) => Some((c, true)),
                Source::Param(..) => None,
            })
            .collect()
    }

    /// The steps from a wrapper call to the keep-alive call its parameter reaches.
    fn wrapper_chain(&self, call: ExprId, callee: FuncId, param: usize, heuristic: &mut bool) -> Vec<Step> {
        let name = self.pkg.func(callee).params.get(param).and_then(|p| p.name.clone()).unwrap_or_default();
        let mut steps = vec![Step::Wrapper { call: self.pkg.expr(call).span, callee, param: name }];
        steps.extend(self.chain_from(callee, param, heuristic));
        steps
    }

    /// The steps from wrapper parameter `param` of `callee` to the keep-alive call it
    /// reaches, through further wrappers.
    pub(super) fn chain_from(&self, callee: FuncId, param: usize, heuristic: &mut bool) -> Vec<Step> {
        let pkg = self.pkg;
        let mut steps = Vec::new();
        let (mut callee, mut param) = (callee, param);
        for _ in 0..16 {
            match self.sinks.get(&(callee, param)) {
                Some(Reach::KeepAlive { call: k, kind }) => {
                    *heuristic |= matches!(kind, KeepAlive::ProcCall(true));
                    steps.push(Step::Consumed { call: pkg.expr(*k).span, by: Consumer::of(kind, pkg) });
                    break;
                }
                Some(Reach::Wrapper { call: c, callee: f, param: p, guessed }) => {
                    *heuristic |= guessed;
                    let name = pkg.func(*f).params.get(*p).and_then(|p| p.name.clone()).unwrap_or_default();
                    steps.push(Step::Wrapper { call: pkg.expr(*c).span, callee: *f, param: name });
                    (callee, param) = (*f, *p);
                }
                Some(Reach::Foreign { call: c, callee: name, param: p, trail }) => {
                    steps.push(Step::ForeignWrapper { call: pkg.expr(*c).span, callee: name.clone(), param: *p });
                    steps.extend(
                        trail.iter().map(|(span, step)| Step::Foreign { span: span.clone(), step: step.clone() }),
                    );
                    break;
                }
                None => break,
            }
        }
        steps
    }

    /// Where the converted value first goes: the store, return or literal it lands in,
    /// looking through arithmetic and further conversions.
    fn first_hop(&self, conv: ExprId) -> Vec<Step> {
        let pkg = self.pkg;
        let mut e = conv;
        for _ in 0..64 {
            match pkg.expr(e).parent {
                Parent::Expr(p) => {
                    let parent = pkg.expr(p);
                    match &parent.kind {
                        ExprKind::Binary { .. } => e = p,
                        ExprKind::Call { .. } if pkg.conversion_type(p).is_some() => e = p,
                        ExprKind::Composite { elems, .. } => {
                            let target = match elems.iter().find(|el| el.value == e).and_then(|el| el.key.as_ref()) {
                                Some(ElementKey::Name(f)) => Store::LiteralField(f.clone()),
                                _ => Store::LiteralElement,
                            };
                            return vec![Step::Stored { span: parent.span, target }];
                        }
                        ExprKind::Call { func, .. } if pkg.is_builtin(*func, "append") => {
                            return vec![Step::Stored { span: parent.span, target: Store::Append }];
                        }
                        _ => return Vec::new(),
                    }
                }
                Parent::Stmt(s) => {
                    let stmt = pkg.stmt(s);
                    return match &stmt.kind {
                        StmtKind::Assign { lhs, rhs, .. } => {
                            let i = rhs.iter().position(|r| *r == e).unwrap_or(0);
                            let Some(target) = lhs.get(i) else { return Vec::new() };
                            vec![Step::Stored { span: stmt.span, target: self.store_target(*target) }]
                        }
                        StmtKind::Return(_) => match stmt.owner {
                            Some(func) => vec![Step::Returned { span: stmt.span, func }],
                            None => Vec::new(),
                        },
                        _ => Vec::new(),
                    };
                }
                Parent::None => return Vec::new(),
            }
        }
        Vec::new()
    }

    /// What an assignment's target is.
    fn store_target(&self, target: ExprId) -> Store {
        let pkg = self.pkg;
        let text: String = pkg.text(pkg.expr(target).span).chars().take(40).collect();
        match &pkg.expr(target).kind {
            ExprKind::Name { .. } => Store::Variable(text),
            ExprKind::Selector { field, .. } => Store::Field(field.clone()),
            ExprKind::Index { .. } => Store::Element(text),
            _ => Store::Other(text),
        }
    }
}
