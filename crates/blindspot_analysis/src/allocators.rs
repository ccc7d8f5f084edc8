//! Where memory the race detector does not track comes from: C allocations (cgo's and the
//! preamble's allocators), mappings, and the exported functions of analyzed packages that
//! return such memory, which this pass exports so that an importer calling one holds it
//! too (BS101, BS203).

use serde::{Deserialize, Serialize};

use blindspot_go::hash::HashMap;
use blindspot_go::model::*;

use crate::api::MMAP_PACKAGES;
use crate::facts::{Fact, FactType, Imports, Scope};
use crate::pass::{Cx, Pass};
use crate::triggers::{Trigger, Word};

pub static ALLOCATORS: Pass<()> = Pass {
    name: "allocators",
    doc: "Exports the package's exported functions that return C-heap or mapped memory.",
    requires: &[],
    facts: &[&ALLOCATORS_FACT],
    run,
};

pub static ALLOCATORS_FACT: FactType = FactType::of::<Allocators>(
    "allocators",
    "Exported functions (by name) that return C-heap or mapped memory, with its origin.",
    Scope::Memory,
    Trigger { imports: &[], words: &[Word::Text("import \"C\""), Word::Text("Mmap")], assembly: false, and: None },
);

/// Exported functions that return C-heap or mapped memory, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocators(pub HashMap<String, Origin>);

impl Fact for Allocators {
    const TYPE: &'static FactType = &ALLOCATORS_FACT;

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn run(cx: &Cx) {
    let pkg = cx.pkg;
    let mut allocators = HashMap::default();
    for st in &pkg.stmts {
        let (StmtKind::Return(values), Some(f)) = (&st.kind, st.owner) else { continue };
        let func = pkg.func(f);
        if !crate::exported_func(func) {
            continue;
        }
        if let Some(origin) = values.first().and_then(|v| value_origin(pkg, cx.imports, *v)) {
            allocators.insert(func.name.clone().unwrap_or_default(), origin);
        }
    }
    cx.export(Allocators(allocators));
}

/// C functions that return newly allocated memory.
const C_ALLOCATORS: &[&str] = &["malloc", "calloc", "realloc", "CString", "CBytes"];

/// Where a value's memory comes from, when the race detector cannot see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Origin {
    /// The C heap: `C.malloc`, `C.CString`, a preamble function returning allocated memory.
    CHeap,
    /// A mapping: `syscall.Mmap`, `unix.Mmap`.
    Mmap,
    /// Not memory of its own: the argument of an exported function's parameter, followed
    /// to learn what goroutines the function starts do with it (the package's facts).
    Argument(FuncId, usize),
    /// Go memory that code the race detector does not instrument touches: handed to C, to
    /// the kernel or to assembly, or used in a `//go:norace` function.
    Go,
}

/// The origin of the memory a call returns (its first result), if it allocates memory the
/// race detector does not track. `C.GoBytes` and friends return Go copies; a C function
/// whose preamble body is not visibly an allocation may return static storage, which the
/// race detector does track.
pub fn allocation(pkg: &Package, imports: &Imports, call: ExprId) -> Option<Origin> {
    let ExprKind::Call { func, .. } = &pkg.expr(call).kind else { return None };
    let (path, member) = pkg.qualified_name(*func)?;
    match path {
        "C" if C_ALLOCATORS.contains(&member) => Some(Origin::CHeap),
        "C" => pkg.file(pkg.expr(call).span.file).c.allocates(member).then_some(Origin::CHeap),
        _ if member == "Mmap" && MMAP_PACKAGES.contains(&path) => Some(Origin::Mmap),
        _ if crate::api::raw_syscall(pkg, call).is_some() => mapping_trap(pkg, call).then_some(Origin::Mmap),
        _ => imports.fact::<Allocators>(path).and_then(|a| a.0.get(member)).copied(),
    }
}

/// Traps whose raw syscall returns the address of a new mapping.
const MAPPING_TRAPS: &[&str] = &["SYS_MMAP", "SYS_MMAP2", "SYS_MREMAP", "SYS_SHMAT"];

/// Whether a raw syscall's trap (its first argument, `syscall.SYS_SHMAT` or a dot-imported
/// `SYS_MMAP`) maps memory: its first result is then the address of that mapping, not Go
/// memory.
fn mapping_trap(pkg: &Package, call: ExprId) -> bool {
    let ExprKind::Call { args, .. } = &pkg.expr(call).kind else { return false };
    let Some(&trap) = args.first() else { return false };
    let name = match &pkg.expr(trap).kind {
        ExprKind::Name { name, .. } => name.as_str(),
        ExprKind::Selector { field, .. } => field.as_str(),
        _ => return false,
    };
    MAPPING_TRAPS.contains(&name)
}

/// The origin of the memory an expression evaluates to, following conversions, views
/// (`unsafe.Slice`, slicing, `&p[i]`) and variable initializers a few steps: for the
/// facts of functions that return C or mapped memory.
pub fn value_origin(pkg: &Package, imports: &Imports, e: ExprId) -> Option<Origin> {
    let mut e = e;
    for _ in 0..8 {
        if let Some(o) = allocation(pkg, imports, e) {
            return Some(o);
        }
        e = match &pkg.expr(e).kind {
            ExprKind::Call { func, args, .. } => {
                let view =
                    matches!(pkg.qualified_name(*func), Some(("unsafe", "Pointer" | "Slice" | "Add" | "SliceData")));
                if view || pkg.conversion_type(e).is_some() {
                    *args.first()?
                } else {
                    return None;
                }
            }
            ExprKind::Slice { base, .. } | ExprKind::Unary { op: UnaryOp::Addr, operand: base } => *base,
            ExprKind::Index { base, .. } => *base,
            ExprKind::Name { .. } => match pkg.resolve(e)? {
                Resolved::Local(b) => match pkg.binding(b).init {
                    Some((init, 0)) => init,
                    _ => return None,
                },
                _ => return None,
            },
            _ => return None,
        };
    }
    None
}
