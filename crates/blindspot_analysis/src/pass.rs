//! Passes: each answers one question for a whole package, in the style of
//! golang.org/x/tools' go/analysis. A pass is a static [`Pass`] value with a name, a doc,
//! the passes whose results it reads (`requires`), a `run` function, and the fact types it
//! exports to the packages that import this one.
//!
//! A [`Cx`] holds one package, the facts its imports exported, and the results of the passes
//! run so far: [`Cx::result`] runs a pass on first use and keeps its result, so every pass
//! runs at most once per package, and only when a rule or another pass asks for it.

use std::any::Any;
use std::cell::{OnceCell, RefCell};

use blindspot_go::model::Package;

use crate::facts::{Fact, FactSet, FactType, Imports};

/// A pass, described: what [`Cx`] and the documentation need to know of it, whatever the
/// type of its result.
pub trait PassInfo: Sync {
    fn name(&self) -> &'static str;
    fn doc(&self) -> &'static str;
    /// The passes whose results `run` reads.
    fn requires(&self) -> &'static [&'static dyn PassInfo];
    /// The fact types `run` exports.
    fn facts(&self) -> &'static [&'static FactType];
    /// Runs the pass and boxes its result.
    fn run_boxed(&self, cx: &Cx) -> Box<dyn Any>;
}

/// A pass whose result is a `T`.
pub struct Pass<T: 'static> {
    pub name: &'static str,
    /// What question the pass answers, in a sentence or two.
    pub doc: &'static str,
    pub requires: &'static [&'static dyn PassInfo],
    pub facts: &'static [&'static FactType],
    pub run: fn(&Cx) -> T,
}

impl<T: 'static> PassInfo for Pass<T> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn doc(&self) -> &'static str {
        self.doc
    }

    fn requires(&self) -> &'static [&'static dyn PassInfo] {
        self.requires
    }

    fn facts(&self) -> &'static [&'static FactType] {
        self.facts
    }

    fn run_boxed(&self, cx: &Cx) -> Box<dyn Any> {
        Box::new((self.run)(cx))
    }
}

/// One package under analysis: its model, what its imports exported, and the results and
/// facts of the passes run on it so far.
pub struct Cx<'a> {
    pub pkg: &'a Package,
    pub imports: &'a Imports,
    results: Vec<OnceCell<Box<dyn Any>>>,
    exported: RefCell<FactSet>,
    /// The passes being run (by index in the registry), innermost last: a pass may read
    /// only the results it requires.
    running: RefCell<Vec<usize>>,
    /// Only the package's facts are wanted (no rule runs): a pass may skip what only the
    /// rules read.
    facts_only: bool,
}

impl<'a> Cx<'a> {
    pub fn new(pkg: &'a Package, imports: &'a Imports) -> Cx<'a> {
        Cx {
            pkg,
            imports,
            results: crate::PASSES.iter().map(|_| OnceCell::new()).collect(),
            exported: RefCell::new(FactSet::default()),
            running: RefCell::new(Vec::new()),
            facts_only: false,
        }
    }

    /// A package analyzed only for the facts it exports to its importers (none of its
    /// files is reported): no rule reads its results, so a pass may skip what only the
    /// rules read ([`Cx::facts_only`]).
    pub fn for_facts(pkg: &'a Package, imports: &'a Imports) -> Cx<'a> {
        Cx { facts_only: true, ..Cx::new(pkg, imports) }
    }

    /// Whether only the package's facts are wanted.
    pub fn facts_only(&self) -> bool {
        self.facts_only
    }

    /// The result of `pass` on this package, computed on first use.
    pub fn result<T: 'static>(&self, pass: &'static Pass<T>) -> &T {
        // Every pass is in the registry (a test checks): a missing one is a bug of ours.
        let i = crate::PASSES.iter().position(|p| p.name() == pass.name).expect("the pass is registered in PASSES");
        self.run(i).downcast_ref::<T>().expect("a pass's result has the pass's type")
    }

    /// Runs registered pass `i` unless it ran already.
    fn run(&self, i: usize) -> &dyn Any {
        let pass = crate::PASSES[i];
        // As go/analysis checks: a pass reads only the results it declares (every test that
        // runs the passes checks this; a release build does not look).
        debug_assert!(
            self.caller().is_none_or(|caller| requires(caller, pass)),
            "pass `{}` reads the result of `{}` without requiring it",
            self.caller().map_or("", |c| c.name()),
            pass.name()
        );
        self.results[i]
            .get_or_init(|| {
                self.running.borrow_mut().push(i);
                let result = pass.run_boxed(self);
                self.running.borrow_mut().pop();
                result
            })
            .as_ref()
    }

    /// The pass being run, if any (a rule asking for a result is not one).
    fn caller(&self) -> Option<&'static dyn PassInfo> {
        self.running.borrow().last().map(|&i| crate::PASSES[i])
    }

    /// Exports a fact of this package to its importers.
    pub fn export<F: Fact>(&self, fact: F) {
        debug_assert!(
            self.caller().is_some_and(|caller| declares(caller, F::TYPE)),
            "a fact `{}` exported by a pass that does not declare it",
            F::TYPE.name
        );
        self.exported.borrow_mut().insert(fact);
    }

    /// Runs every registered pass that exports facts, and returns the facts.
    pub fn into_facts(self) -> FactSet {
        for (i, p) in crate::PASSES.iter().enumerate() {
            if !p.facts().is_empty() {
                self.run(i);
            }
        }
        self.exported.into_inner()
    }
}

/// Whether `caller` declares that it reads the result of `pass`.
fn requires(caller: &dyn PassInfo, pass: &dyn PassInfo) -> bool {
    caller.requires().iter().any(|r| r.name() == pass.name())
}

/// Whether `caller` declares that it exports facts of type `t`.
fn declares(caller: &dyn PassInfo, t: &FactType) -> bool {
    caller.facts().iter().any(|f| f.name == t.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allocators::ALLOCATORS_FACT;
    use crate::spawners::SPAWNERS_FACT;

    static READ: Pass<()> = Pass { name: "read", doc: "d", requires: &[], facts: &[&ALLOCATORS_FACT], run: |_| {} };
    static READER: Pass<()> = Pass { name: "reader", doc: "d", requires: &[&READ], facts: &[], run: |_| {} };

    #[test]
    fn what_a_pass_may_read_and_export_is_what_it_declares() {
        assert!(requires(&READER, &READ));
        assert!(!requires(&READ, &READER));
        assert!(declares(&READ, &ALLOCATORS_FACT));
        assert!(!declares(&READ, &SPAWNERS_FACT));
        assert!(!declares(&READER, &ALLOCATORS_FACT));
    }
}
