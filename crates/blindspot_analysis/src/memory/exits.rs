//! Early exits: the body of an `if` that returns (`if err != nil { mu.Unlock(); return }`,
//! `if err != nil { <-done; return err }`). A point inside one is on a path that leaves the
//! function, so an unlock or a wait there orders nothing after the `if`.

use blindspot_go::model::*;

pub(crate) struct EarlyExits {
    /// Every `return`, by (file, position), sorted.
    returns: Vec<(FileId, u32)>,
    /// Every `if` body, sorted by (file, start).
    bodies: Vec<Span>,
}

impl EarlyExits {
    pub fn new(pkg: &Package) -> EarlyExits {
        let mut returns: Vec<(FileId, u32)> = pkg
            .stmts
            .iter()
            .filter(|st| matches!(st.kind, StmtKind::Return(_)))
            .map(|st| (st.span.file, st.span.start))
            .collect();
        returns.sort_unstable();
        let mut bodies = pkg.if_bodies.clone();
        bodies.sort_by_key(|b| (b.file, b.start));
        EarlyExits { returns, bodies }
    }

    /// The innermost `if` body around `at` (in `file`) that returns after `at`, and does not
    /// hold `since` (where the region or the goroutine began: an `if` around both is a path
    /// of its own).
    pub fn body(&self, file: FileId, at: u32, since: u32) -> Option<Span> {
        // The first return after `at` in the file.
        let next = self.returns.partition_point(|r| *r <= (file, at));
        let next_return = self.returns.get(next).filter(|r| r.0 == file).map(|r| r.1)?;
        let first = self.bodies.partition_point(|b| (b.file, b.start) < (file, 0));
        self.bodies[first..]
            .iter()
            .take_while(|b| b.file == file && b.start < at)
            .filter(|b| at < b.end && !(b.start < since && since < b.end) && next_return < b.end)
            .max_by_key(|b| b.start)
            .copied()
    }

    /// Whether `at` is inside such a body.
    pub fn exits(&self, file: FileId, at: u32, since: u32) -> bool {
        self.body(file, at, since).is_some()
    }
}
