//! Facts: what a package's passes export to the packages that import it, like go/analysis
//! package facts. Each fact type belongs to the pass that exports it and is registered in
//! [`crate::FACT_TYPES`], which gives it a stable name for the result cache.
//!
//! Packages are analyzed in import order, so an importer's passes read its imports' facts
//! through [`Imports`].

use std::any::Any;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use blindspot_go::hash::HashMap;

use crate::triggers::{Trigger, Word};

/// A location in another package of the analyzed tree, for evidence trails that cross
/// packages: facts hold no ids of their package's model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignSpan {
    pub path: Arc<str>,
    pub start: u32,
    pub end: u32,
}

/// What a fact tells importers about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Memory the race detector misses that the package hands out (C or mapped memory
    /// returned): an importer that calls it holds such memory.
    Memory,
    /// Calls that consume a `uintptr` argument (wrappers of keep-alive calls): an importer
    /// can hold a finding of its own because of them.
    Uintptr,
    /// Goroutines and locks around arguments: they matter only to an importer that holds
    /// memory of that kind to pass.
    Sharing,
}

/// A fact one pass exports. `TYPE` is its registration in [`crate::FACT_TYPES`].
pub trait Fact: Any + Send + Sync + Serialize + DeserializeOwned {
    const TYPE: &'static FactType;
    /// A fact that says nothing is not exported.
    fn is_empty(&self) -> bool;
}

type Boxed = Box<dyn Any + Send + Sync>;

/// A registered fact type: its name (stable: it keys the result cache), its doc, what
/// importers need it for, what in a package's own source can give it, and how it is
/// stored.
pub struct FactType {
    pub name: &'static str,
    pub doc: &'static str,
    pub scope: Scope,
    /// A package whose own source does not match cannot export the fact by itself...
    pub trigger: Trigger,
    /// ...but it may through one it imports, when it mentions this word (a wrapper of an
    /// imported wrapper mentions `uintptr`).
    pub propagates: Option<Word>,
    encode: fn(&(dyn Any + Send + Sync)) -> Option<Vec<u8>>,
    decode: fn(&[u8]) -> Option<Boxed>,
}

impl FactType {
    pub const fn of<F: Fact>(name: &'static str, doc: &'static str, scope: Scope, trigger: Trigger) -> FactType {
        FactType { name, doc, scope, trigger, propagates: None, encode: encode::<F>, decode: decode::<F> }
    }

    /// The same, exported by a package that mentions `word` when one it imports exports it.
    pub const fn propagating(self, word: Word) -> FactType {
        FactType { propagates: Some(word), ..self }
    }
}

fn encode<F: Fact>(fact: &(dyn Any + Send + Sync)) -> Option<Vec<u8>> {
    bincode::serialize(fact.downcast_ref::<F>()?).ok()
}

fn decode<F: Fact>(bytes: &[u8]) -> Option<Boxed> {
    bincode::deserialize::<F>(bytes).ok().map(|f| Box::new(f) as Boxed)
}

/// The facts one package exports, by type.
#[derive(Default)]
pub struct FactSet {
    /// Sorted by name; no empty fact.
    facts: Vec<(&'static FactType, Boxed)>,
}

impl FactSet {
    /// Adds (or replaces) a fact; an empty one is dropped.
    pub fn insert<F: Fact>(&mut self, fact: F) {
        self.facts.retain(|(t, _)| t.name != F::TYPE.name);
        if !fact.is_empty() {
            self.facts.push((F::TYPE, Box::new(fact)));
            self.facts.sort_by_key(|(t, _)| t.name);
        }
    }

    pub fn get<F: Fact>(&self) -> Option<&F> {
        self.facts.iter().find(|(t, _)| t.name == F::TYPE.name).and_then(|(_, f)| f.downcast_ref::<F>())
    }

    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// The names of the facts it holds.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.facts.iter().map(|(t, _)| t.name)
    }
}

impl std::fmt::Debug for FactSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}

/// Stored as a list of (type name, the fact in bincode).
impl Serialize for FactSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let encoded: Vec<(&str, Vec<u8>)> = self
            .facts
            .iter()
            .map(|(t, f)| (t.encode)(f.as_ref()).map(|bytes| (t.name, bytes)))
            .collect::<Option<_>>()
            .ok_or_else(|| serde::ser::Error::custom("a fact could not be encoded"))?;
        encoded.serialize(s)
    }
}

impl<'de> Deserialize<'de> for FactSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FactSet, D::Error> {
        let encoded: Vec<(String, Vec<u8>)> = Vec::deserialize(d)?;
        let mut facts = Vec::with_capacity(encoded.len());
        for (name, bytes) in encoded {
            let t = crate::FACT_TYPES
                .iter()
                .find(|t| t.name == name)
                .ok_or_else(|| serde::de::Error::custom(format!("unknown fact type `{name}`")))?;
            let fact = (t.decode)(&bytes).ok_or_else(|| serde::de::Error::custom(format!("bad `{name}` fact")))?;
            facts.push((*t, fact));
        }
        facts.sort_by_key(|(t, _)| t.name);
        Ok(FactSet { facts })
    }
}

/// The facts of the analyzed packages a package imports, by import path. A path that is
/// here is an analyzed package even when it exported nothing.
#[derive(Default)]
pub struct Imports {
    by_path: HashMap<String, Arc<FactSet>>,
}

impl Imports {
    pub fn new(by_path: impl IntoIterator<Item = (String, Arc<FactSet>)>) -> Imports {
        Imports { by_path: by_path.into_iter().collect() }
    }

    /// No analyzed import: a package analyzed alone.
    pub fn none() -> &'static Imports {
        static NONE: std::sync::LazyLock<Imports> = std::sync::LazyLock::new(Imports::default);
        &NONE
    }

    /// Whether `path` is an analyzed package of the tree.
    pub fn analyzed(&self, path: &str) -> bool {
        self.by_path.contains_key(path)
    }

    /// The fact of type `F` the package at `path` exported.
    pub fn fact<F: Fact>(&self, path: &str) -> Option<&F> {
        self.by_path.get(path)?.get::<F>()
    }

    /// Whether any import exported a fact of type `F`.
    pub fn any<F: Fact>(&self) -> bool {
        self.by_path.values().any(|f| f.get::<F>().is_some())
    }
}
