//! Handlers: code that runs when something outside the program's control flow decides, in
//! goroutine contexts of their own kind, and the shared state they write.
//!
//! - **Signal receivers** run after a receive from a channel registered with
//!   `signal.Notify`: the body of a `range` over it, a `select` case on it, or the code
//!   after a `<-ch`, and the package's functions that code calls. Tests do not deliver
//!   signals, so `-race` never runs them.
//! - **Finalizers and cleanups** (`runtime.SetFinalizer`, `runtime.AddCleanup`) run on the
//!   finalizer goroutine, which under `-race` acquires everything every goroutine did before
//!   each batch: races with it are hidden.
//! - **Callbacks** (`//export` functions) run on whatever C thread calls them; `-race` orders
//!   every cgo call and callback on one global object, which hides their races.
//!
//! The state is named state: package-level variables, fields of the package's struct types
//! reached through receivers and parameters, and local variables captured by closures. A
//! write is synchronized when it holds a lock (or its callers in the handler do), runs
//! inside `sync.Once.Do`, or is not an assignment at all (atomics, channel operations,
//! method calls).
//!
//! [`find`] finds the handlers, [`code`] the functions each one runs, [`state`] every access
//! to named state, and [`writes`] the handlers' unsynchronized writes and their
//! counterparts.

mod code;
mod find;
mod program;
mod state;
mod writes;

use blindspot_go::model::*;

use crate::memory::{ContextId, MEMORY};
use crate::pass::{Cx, Pass};

pub static HANDLERS: Pass<HandlerFacts> = Pass {
    name: "handlers",
    doc: "Finds the code that runs when a signal arrives, a finalizer or cleanup runs, or C calls an \
          exported function, and its unsynchronized writes to shared state with a conflicting access.",
    requires: &[&MEMORY],
    facts: &[],
    run,
};

fn run(cx: &Cx) -> HandlerFacts {
    let pkg = cx.pkg;
    if !present(pkg) {
        return HandlerFacts::default();
    }
    let model = cx.result(&MEMORY);
    let handlers = find::handlers(model, pkg);
    if handlers.is_empty() {
        return HandlerFacts::default();
    }
    let writes = writes::unsynchronized(model, pkg, &handlers);
    HandlerFacts { handlers, writes }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HandlerKind {
    /// Code that receives from a channel registered with `signal.Notify`.
    Signal,
    /// A function passed to `runtime.SetFinalizer`.
    Finalizer,
    /// A function passed to `runtime.AddCleanup`.
    Cleanup,
    /// A function marked `//export`: C calls it.
    Export,
}

#[derive(Debug, Clone)]
pub struct Handler {
    pub kind: HandlerKind,
    /// The `signal.Notify`, `runtime.SetFinalizer` or `runtime.AddCleanup` call, or the
    /// `//export` directive.
    pub registered: Span,
    /// The function that makes the `runtime.SetFinalizer` or `runtime.AddCleanup` call.
    pub registering: Option<FuncId>,
    /// The function that holds the handler's code.
    pub entry: FuncId,
    /// Where a signal receiver receives (`<-ch`, `range ch`).
    pub receive: Option<Span>,
    /// The goroutine a signal receiver runs in; `None` when it is the spawner (`main`
    /// blocking on the channel).
    pub goroutine: Option<ContextId>,
    /// The byte range of `entry` that runs once the handler fires.
    region: (u32, u32),
    /// Byte ranges inside `region` that do not run: the `else` of an `if` whose body holds
    /// the receive.
    skipped: Vec<(u32, u32)>,
}

/// Named state a handler can write.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// A package-level variable, as a whole (`cfg = load()`, `&cfg`, `use(cfg)`).
    Var(BindingId),
    /// One field of a package-level variable (`state.run`): distinct memory from its other
    /// fields, the same as the variable as a whole.
    VarField { var: BindingId, field: String },
    /// A field of a struct type of the package, reached through a pointer receiver or
    /// parameter of that type (a value one is the function's own copy): every value of the
    /// type is one state.
    Field { ty: String, field: String },
    /// A local variable captured by a closure.
    Local(BindingId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateAccess {
    /// The name (or selector, for a field) that touches the state.
    pub expr: ExprId,
    pub span: Span,
    pub func: FuncId,
    pub write: bool,
    /// For a field: the receiver or parameter it is reached through.
    root: Option<BindingId>,
}

/// An unsynchronized write to shared state in a handler's code.
#[derive(Debug, Clone)]
pub struct HandlerWrite {
    /// Index into [`HandlerFacts::handlers`].
    pub handler: usize,
    pub state: State,
    pub write: StateAccess,
    /// The calls from the handler's code to the function that writes, outermost first.
    pub via: Vec<Span>,
    /// An access to the same state that may run at the same time, outside the handler.
    pub other: Option<StateAccess>,
}

#[derive(Debug, Clone, Default)]
pub struct HandlerFacts {
    pub handlers: Vec<Handler>,
    pub writes: Vec<HandlerWrite>,
}

/// Whether the package can have handlers at all: it imports `os/signal`, registers
/// finalizers or cleanups, or exports a function to C. Packages without any skip the work.
fn present(pkg: &Package) -> bool {
    let registers = |f: &File| {
        f.imports.iter().any(|i| i.path == "os/signal")
            || f.imports.iter().any(|i| i.path == "runtime")
                && (f.text.contains("SetFinalizer") || f.text.contains("AddCleanup"))
    };
    pkg.files.iter().any(registers) || pkg.funcs.iter().any(|f| f.has_directive("export"))
}
