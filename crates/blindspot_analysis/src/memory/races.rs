//! Races: unsynchronized pairs of accesses to an object from two goroutines that may run
//! at once, one of them a write. On memory the race detector does not track (C, mmap)
//! every access is invisible; on Go memory, one access of the pair must be made by code it
//! does not instrument, and that one is the primary.

use std::cell::RefCell;

use blindspot_go::hash::{HashMap, HashMapExt, HashSet, HashSetExt};
use blindspot_go::model::*;

use super::accesses::{Access, AccessKind, Accessor, Holder, Via};
use super::contexts::{ContextId, ContextKind, SPAWNER};
use super::objects::{Local, Object, MAX_ACCESSES};
use super::sync::innermost_loop;
use super::{MemoryModel, MEMORY};
use crate::allocators::Origin;
use crate::pass::{Cx, Pass};

pub static RACES: Pass<Vec<Race>> = Pass {
    name: "races",
    doc: "Finds, for each object of the memory model, the unsynchronized pair of accesses from two \
          goroutines that may run at once, one of them a write: at most one per object (one per kind \
          of uninstrumented code on Go memory), the write in a goroutine first.",
    requires: &[&MEMORY],
    facts: &[],
    run,
};

/// One unsynchronized pair of accesses to an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Race {
    /// Index into [`MemoryModel::objects`].
    pub object: usize,
    /// Index into the object's accesses: the access the race detector cannot see.
    pub primary: usize,
    pub primary_context: ContextId,
    pub other: usize,
    pub other_context: ContextId,
}

/// One access of a candidate pair: its index and the context it runs in.
#[derive(Debug, Clone, Copy)]
struct Side {
    access: usize,
    context: ContextId,
}

impl Race {
    fn of(object: usize, primary: Side, other: Side) -> Race {
        Race {
            object,
            primary: primary.access,
            primary_context: primary.context,
            other: other.access,
            other_context: other.context,
        }
    }
}

fn run(cx: &Cx) -> Vec<Race> {
    let model = cx.result(&MEMORY);
    let once = super::once::OnceOrder::new(cx.pkg);
    let mut finder = Finder { pkg: cx.pkg, model, shares: RefCell::new(HashMap::new()), once };
    finder.races()
}

struct Finder<'a> {
    pkg: &'a Package,
    model: &'a MemoryModel,
    /// `shares_local` answers, by (object, goroutine).
    shares: RefCell<HashMap<(usize, ContextId), bool>>,
    /// What `sync.Once.Do` orders.
    once: super::once::OnceOrder,
}

impl Finder<'_> {
    fn races(&mut self) -> Vec<Race> {
        let model = self.model;
        let mut out = Vec::new();
        // Without goroutines nothing is shared.
        if model.contexts.len() < 2 {
            return out;
        }
        for (oi, obj) in model.objects.iter().enumerate() {
            let go = obj.origin == Origin::Go;
            let mut best: Vec<(Accessor, Race)> = Vec::new();
            let accesses = &obj.accesses[..obj.accesses.len().min(MAX_ACCESSES)];
            for (i, a) in accesses.iter().enumerate() {
                for (j, b) in accesses.iter().enumerate().skip(i) {
                    crate::budget::spend(1);
                    if go && a.accessor == Accessor::Go && b.accessor == Accessor::Go {
                        continue;
                    }
                    // Through the same field of two different objects.
                    if let (Some(ha), Some(hb)) = (&a.holder, &b.holder) {
                        if !ha.classes.iter().any(|c| hb.classes.binary_search(c).is_ok()) {
                            continue;
                        }
                    }
                    // Two calls that may or may not write (C, assembly, raw syscalls): nothing
                    // says either writes.
                    if go && guesses_write(a) && guesses_write(b) {
                        continue;
                    }
                    if !(a.kind.writes() || b.kind.writes()) || (a.atomic && b.atomic) {
                        continue;
                    }
                    // Go's side is atomic and the other is code whose effect is only guessed
                    // (a C or assembly call, a raw syscall): the atomics are the protocol,
                    // and nothing says the other side breaks it.
                    if (a.atomic && guesses_write(b)) || (b.atomic && guesses_write(a)) {
                        continue;
                    }
                    if super::locks::exclude(&a.locks, &b.locks) {
                        continue;
                    }
                    if self.once.ordered(self.pkg, a, b) {
                        continue;
                    }
                    let Some((ca, cb)) = self.concurrent_contexts(oi, a, b, i == j) else { continue };
                    let (sa, sb) = (Side { access: i, context: ca }, Side { access: j, context: cb });
                    let race = if go && a.accessor == Accessor::Go {
                        Race::of(oi, sb, sa)
                    } else if go && b.accessor == Accessor::Go {
                        Race::of(oi, sa, sb)
                    } else {
                        self.orient(oi, sa, sb)
                    };
                    let key = if go { obj.accesses[race.primary].accessor } else { Accessor::Go };
                    match best.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, r)) if self.better(&race, r, obj) => *r = race,
                        Some(_) => {}
                        None => best.push((key, race)),
                    }
                }
            }
            best.sort_by_key(|(k, _)| *k);
            out.extend(best.into_iter().map(|(_, r)| r));
        }
        out
    }

    /// Puts the write in a goroutine first: that is the access the trail starts from.
    fn orient(&self, object: usize, a: Side, b: Side) -> Race {
        let accesses = &self.model.objects[object].accesses;
        // A release first: the use it cuts short is the other side.
        let score = |s: Side| {
            let a = &accesses[s.access];
            (a.via == Via::Release, a.kind.writes(), self.model.context(s.context) != &ContextKind::Spawner)
        };
        if score(b) > score(a) {
            Race::of(object, b, a)
        } else {
            Race::of(object, a, b)
        }
    }

    /// Prefers a write in a goroutine, then the earliest in the source.
    fn better(&self, r: &Race, than: &Race, obj: &Object) -> bool {
        let key = |r: &Race| {
            let a = &obj.accesses[r.primary];
            (
                !a.kind.writes(),
                self.model.context(r.primary_context) == &ContextKind::Spawner,
                a.span.file,
                a.span.start,
                obj.accesses[r.other].span.start,
            )
        };
        key(r) < key(than)
    }

    /// Whether each instance of repeated goroutine `g` has its own copy of a local object:
    /// its spawner makes it in the loop that starts `g`.
    fn per_instance(&self, obj: &Object, g: ContextId) -> bool {
        let Some(local) = &obj.local else { return false };
        let ContextKind::Goroutine { spawn, spawner: Some(s), .. } = self.model.context(g) else { return false };
        local.made.iter().any(|(f, made)| {
            f == s
                && self.pkg.loops.iter().any(|l| {
                    l.file == spawn.file
                        && l.start <= made.start
                        && made.end <= l.end
                        && l.start <= spawn.start
                        && spawn.end <= l.end
                })
        })
    }

    /// Whether `x`, an access of the spawner of goroutine `g`, touches an object made afresh
    /// in each turn of the loop that starts `g`, after it is made and before the `go`
    /// statement of the same turn: filling a fresh buffer and handing it to a goroutine.
    /// The goroutines of earlier turns have objects of their own.
    fn fresh_before_spawn(&self, obj: &Object, g: ContextId, x: &Access) -> bool {
        let Some(local) = &obj.local else { return false };
        let ContextKind::Goroutine { spawn, spawner: Some(s), .. } = self.model.context(g) else { return false };
        // The innermost loop around the `go`: no turn of an inner loop between the make
        // and the `go`.
        let Some(l) = innermost_loop(self.pkg, spawn.file, spawn.start) else { return false };
        x.func == *s
            && x.at < spawn.start
            && local.made.iter().any(|(f, made)| {
                f == s && made.end <= x.at && l.start <= made.start && made.end <= l.end && spawn.end <= l.end
            })
    }

    /// Whether goroutine `g` can share a local object: it is started by a function that
    /// holds the object, or by one they call (which may receive it as an argument).
    fn shares_local(&self, object: usize, local: &Local, g: ContextId) -> bool {
        if let Some(hit) = self.shares.borrow().get(&(object, g)) {
            return *hit;
        }
        let found = self.holds_local(local, g);
        self.shares.borrow_mut().insert((object, g), found);
        found
    }

    /// [`Finder::shares_local`], not remembered.
    fn holds_local(&self, local: &Local, g: ContextId) -> bool {
        let ContextKind::Goroutine { spawner, .. } = self.model.context(g) else { return false };
        let Some(s) = *spawner else { return true };
        let mut found = false;
        let (mut work, mut seen) = (vec![(s, 0u32)], HashSet::new());
        while let Some((f, depth)) = work.pop() {
            crate::budget::spend(1);
            if !seen.insert(f) || seen.len() > 256 {
                continue;
            }
            // A closure runs inside the function that defines it.
            let mut outer = f;
            loop {
                if local.holders.contains(&outer) {
                    found = true;
                    break;
                }
                match self.pkg.func(outer).parent {
                    Some(p) => outer = p,
                    None => break,
                }
            }
            if found {
                break;
            }
            if depth < 6 {
                for callee in [f, outer] {
                    for site in self.model.call_sites.get(&callee).into_iter().flatten() {
                        work.push((site.caller, depth + 1));
                    }
                }
            }
        }
        found
    }

    /// Two contexts, one running `a` and one running `b`, that may overlap.
    fn concurrent_contexts(&self, object: usize, a: &Access, b: &Access, same: bool) -> Option<(ContextId, ContextId)> {
        let (pkg, model) = (self.pkg, self.model);
        let obj = &model.objects[object];
        let func_contexts = &model.schedule(pkg).func_contexts;
        let contexts_of = |x: &Access| -> Vec<ContextId> {
            match x.context {
                Some(c) => vec![c],
                None => func_contexts[x.func.index()].iter().copied().collect(),
            }
        };
        let (ca_all, cb_all) = (contexts_of(a), contexts_of(b));
        for &ca in &ca_all {
            for &cb in &cb_all {
                crate::budget::spend(1);
                if let Some(local) = &obj.local {
                    if !self.shares_local(object, local, ca) && !self.shares_local(object, local, cb) {
                        continue;
                    }
                }
                // The object whose field both go through is local to functions that neither
                // goroutine shares it with.
                if let (Some(Holder { local: Some(la), .. }), Some(Holder { local: Some(lb), .. })) =
                    (&a.holder, &b.holder)
                {
                    if !self.holds_local(la, ca) && !self.holds_local(lb, cb) {
                        continue;
                    }
                }
                if ca == cb {
                    let ContextKind::Goroutine { repeated: true, .. } = model.context(ca) else { continue };
                    if a.disjoint && b.disjoint || self.per_instance(obj, ca) {
                        continue;
                    }
                    return Some((ca, cb));
                }
                if same {
                    continue;
                }
                if ca == SPAWNER && model.ordered_with(pkg, a, cb) || cb == SPAWNER && model.ordered_with(pkg, b, ca) {
                    continue;
                }
                if ca == SPAWNER && self.fresh_before_spawn(obj, cb, a)
                    || cb == SPAWNER && self.fresh_before_spawn(obj, ca, b)
                {
                    continue;
                }
                if model.goroutines_ordered(pkg, ca, cb) {
                    continue;
                }
                if model.handed_off(pkg, a) && model.after_receive(pkg, b)
                    || model.handed_off(pkg, b) && model.after_receive(pkg, a)
                {
                    continue;
                }
                return Some((ca, cb));
            }
        }
        None
    }
}

/// A read-and-write assumed of code whose effect is unknown: a C or assembly call, a raw
/// syscall.
fn guesses_write(a: &Access) -> bool {
    a.kind == AccessKind::ReadWrite && matches!(a.accessor, Accessor::C | Accessor::Kernel | Accessor::Assembly)
}
