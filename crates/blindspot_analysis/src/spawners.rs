//! Which functions run their function parameter in a goroutine (`go fn()`, or a goroutine
//! literal that calls `fn`): a function literal passed to one starts a goroutine, like
//! `g.Go(func() {...})`.

use serde::{Deserialize, Serialize};

use blindspot_go::hash::{HashSet, HashSetExt};
use blindspot_go::model::*;

use crate::facts::{Fact, FactType, Imports, Scope};
use crate::pass::{Cx, Pass};
use crate::triggers::{Trigger, Word};

pub static SPAWNERS: Pass<HashSet<(FuncId, usize)>> = Pass {
    name: "spawners",
    doc: "Finds the package's functions that run a function parameter (by index) in a goroutine, \
          and exports the exported ones.",
    requires: &[],
    facts: &[&SPAWNERS_FACT],
    run,
};

pub static SPAWNERS_FACT: FactType = FactType::of::<Spawners>(
    "spawners",
    "Exported functions (by name) that run their function parameter (by index) in a goroutine.",
    Scope::Sharing,
    Trigger { imports: &[], words: &[Word::GoStatement], assembly: false, and: None },
);

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spawners(pub HashSet<(String, usize)>);

impl Fact for Spawners {
    const TYPE: &'static FactType = &SPAWNERS_FACT;

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn run(cx: &Cx) -> HashSet<(FuncId, usize)> {
    let pkg = cx.pkg;
    let local = spawning_params(pkg);
    let exported = local
        .iter()
        .filter(|(f, _)| crate::exported_func(pkg.func(*f)))
        .map(|(f, i)| (pkg.func(*f).name.clone().unwrap_or_default(), *i))
        .collect();
    cx.export(Spawners(exported));
    local
}

/// The functions of `pkg` that run their function parameter (by index) in a goroutine:
/// `go fn()`, or `go func() { ...fn()... }()`, with `fn` the parameter.
fn spawning_params(pkg: &Package) -> HashSet<(FuncId, usize)> {
    let param_of = |e: ExprId| -> Option<(FuncId, usize)> {
        let Some(Resolved::Local(b)) = pkg.resolve(e) else { return None };
        let binding = pkg.binding(b);
        if binding.kind != BindingKind::Param {
            return None;
        }
        let f = binding.owner?;
        let i = pkg.func(f).params.iter().position(|p| p.binding == Some(b))?;
        Some((f, i))
    };
    let mut out = HashSet::new();
    let mut literals = HashSet::new();
    for st in &pkg.stmts {
        let StmtKind::Go(call) = st.kind else { continue };
        let ExprKind::Call { func, .. } = &pkg.expr(call).kind else { continue };
        match pkg.expr(*func).kind {
            ExprKind::FuncLit(lit) => {
                literals.insert(lit);
            }
            _ => out.extend(param_of(*func)),
        }
    }
    if literals.is_empty() {
        return out;
    }
    // Calls of a parameter of an enclosing function inside a goroutine's literal.
    for e in pkg.expr_ids() {
        let x = pkg.expr(e);
        let ExprKind::Call { func: callee, .. } = &x.kind else { continue };
        let mut owner = x.owner;
        for _ in 0..8 {
            match owner {
                Some(o) if literals.contains(&o) => {
                    out.extend(param_of(*callee));
                    break;
                }
                Some(o) => owner = pkg.func(o).parent,
                None => break,
            }
        }
    }
    out
}

/// Whether the call's function runs its argument `i` in a goroutine: a function of this
/// package found by `spawning_params`, or an imported one whose fact says so.
pub fn runs_in_goroutine(
    pkg: &Package,
    imports: &Imports,
    func: ExprId,
    i: usize,
    local: &HashSet<(FuncId, usize)>,
) -> bool {
    if let Some((f, _)) = pkg.callee_func(func) {
        return pkg.func(f).param_for_arg(i).is_some_and(|p| local.contains(&(f, p)));
    }
    let Some((path, member)) = pkg.qualified_name(func) else { return false };
    imports.fact::<Spawners>(path).is_some_and(|s| s.0.contains(&(member.to_string(), i)))
}
