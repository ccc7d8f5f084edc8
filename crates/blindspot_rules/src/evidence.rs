//! The words the rules share to present the evidence passes return: how an access is
//! named, how a goroutine context is named, and the parts of a trail every race or handler
//! finding has (the goroutines, the other package's accesses, the conflicting access). Each
//! rule writes its own message and primary label with them.

use blindspot_analysis::handlers::{Handler, HandlerFacts, HandlerKind, HandlerWrite, State, StateAccess};
use blindspot_analysis::memory::{Access, AccessKind, ContextId, ContextKind, MemoryModel, Object, Race, Via};
use blindspot_report::{Confidence, Label, Span};

use crate::Ctx;

/// `read`, `write`, `read and write`.
pub fn verb(k: AccessKind) -> &'static str {
    match k {
        AccessKind::Read => "read",
        AccessKind::Write => "write",
        AccessKind::ReadWrite => "read and write",
    }
}

/// `reads`, `writes`, `reads and writes`.
pub fn third_person(k: AccessKind) -> &'static str {
    match k {
        AccessKind::Read => "reads",
        AccessKind::Write => "writes",
        AccessKind::ReadWrite => "reads and writes",
    }
}

/// `read`, `written`, `read and written`.
pub fn participle(k: AccessKind) -> &'static str {
    match k {
        AccessKind::Read => "read",
        AccessKind::Write => "written",
        AccessKind::ReadWrite => "read and written",
    }
}

/// How an access reaches the memory: `index`, `C call`, ...
pub fn via(v: Via) -> &'static str {
    match v {
        Via::Variable => "variable",
        Via::Index => "index",
        Via::Dereference => "dereference",
        Via::Field => "field",
        Via::Range => "range",
        Via::Copy => "copy",
        Via::Call => "call",
        Via::SyscallWrapper => "syscall wrapper",
        Via::CCopy => "C copy",
        Via::CCall => "C call",
        Via::Atomic => "atomic",
        Via::RawSyscall => "raw syscall",
        Via::Assembly => "assembly",
        Via::ForeignGoroutine => "in a goroutine of another package",
        Via::Release => "release",
    }
}

/// How a message names a goroutine context: `the goroutine running `f``.
pub fn context_name(ctx: &Ctx, memory: &MemoryModel, c: ContextId) -> String {
    match memory.context(c) {
        ContextKind::Spawner => "the spawning goroutine".to_string(),
        ContextKind::Goroutine { foreign: Some(callee), direct: true, .. } => {
            format!("the goroutine running `{callee}`")
        }
        ContextKind::Goroutine { foreign: Some(callee), .. } => format!("the goroutine `{callee}` starts"),
        ContextKind::Goroutine { target, repeated: true, .. } => {
            format!("every goroutine running `{}`", ctx.pkg.func(*target).display_name())
        }
        ContextKind::Goroutine { target, .. } => {
            format!("the goroutine running `{}`", ctx.pkg.func(*target).display_name())
        }
    }
}

/// A race of the memory model, with its object and accesses, and the words its messages
/// use.
pub struct RaceView<'a> {
    pub race: &'a Race,
    pub object: &'a Object,
    /// The access the race detector cannot see.
    pub primary: &'a Access,
    pub other: &'a Access,
    /// The primary's context, named: `the goroutine running `f``.
    pub here: String,
    /// The other access's context, named.
    pub there: String,
    /// The source of the memory's origin (the allocation, the variable handed over), on
    /// one line.
    pub origin: String,
    /// The primary access: `write`, and `written`.
    pub verb: &'static str,
    pub participle: &'static str,
    /// How the primary access reaches the memory: `index`.
    pub via: &'static str,
    /// What the other access does: `reads`.
    pub their: &'static str,
    /// The other races of the same origin at the same primary access (other classes of
    /// memory the origin reaches, other goroutines): one finding, their conflicting
    /// accesses and goroutines become related locations.
    also: Vec<&'a Race>,
    memory: &'a MemoryModel,
}

impl<'a> RaceView<'a> {
    /// Every race of the package whose object and primary access `keep` accepts.
    pub fn all(ctx: &Ctx<'a>, keep: impl Fn(&Object, &Access) -> bool) -> Vec<RaceView<'a>> {
        let memory = ctx.result(&blindspot_analysis::memory::MEMORY);
        let mut views: Vec<RaceView<'a>> = Vec::new();
        // Races of objects with the same origin come in no fixed order: the one a finding
        // shows first is chosen by where its accesses are.
        let mut races: Vec<&'a Race> = ctx
            .result(&blindspot_analysis::memory::RACES)
            .iter()
            .filter(|race| {
                let object = &memory.objects[race.object];
                keep(object, &object.accesses[race.primary])
            })
            .collect();
        races.sort_by_key(|race| {
            let object = &memory.objects[race.object];
            let (primary, other) = (&object.accesses[race.primary], &object.accesses[race.other]);
            (
                object.origin_span,
                primary.span,
                other.span,
                primary.at,
                other.at,
                race.primary_context,
                race.other_context,
            )
        });
        for race in races {
            let object = &memory.objects[race.object];
            let (primary, other) = (&object.accesses[race.primary], &object.accesses[race.other]);
            // One finding per origin and primary access: sorted, the others come right after it.
            if let Some(first) = views
                .last_mut()
                .filter(|v| (v.object.origin_span, v.primary.span) == (object.origin_span, primary.span))
            {
                first.also.push(race);
                continue;
            }
            views.push(RaceView {
                race,
                object,
                primary,
                other,
                here: context_name(ctx, memory, race.primary_context),
                there: context_name(ctx, memory, race.other_context),
                origin: ctx.snippet(object.origin_span, 40),
                verb: verb(primary.kind),
                participle: participle(primary.kind),
                via: via(primary.via),
                their: third_person(other.kind),
                also: Vec::new(),
                memory,
            });
        }
        views
    }

    /// The trail every race shares after its origin: the `go` statements, the other
    /// package's accesses, the conflicting access.
    pub fn trail(&self, ctx: &Ctx) -> Vec<Label> {
        let mut labels = Vec::new();
        for label in [self.race.primary_context, self.race.other_context].map(|c| self.spawn_label(ctx, c)) {
            if let Some(label) = label.filter(|l| !labels.contains(l)) {
                labels.push(label);
            }
        }
        for acc in [self.primary, self.other] {
            if let Some(remote) = &acc.remote {
                let span = Span { path: remote.path.clone(), start: remote.start as usize, end: remote.end as usize };
                labels.push(Label::new(span, format!("the goroutine's {} is here", verb(acc.kind))));
            }
        }
        labels.push(ctx.label(self.other.span, format!("conflicting {} in {}", verb(self.other.kind), self.there)));
        for race in &self.also {
            let object = &self.memory.objects[race.object];
            let other = &object.accesses[race.other];
            let there = context_name(ctx, self.memory, race.other_context);
            for label in [
                self.spawn_label(ctx, race.primary_context),
                self.spawn_label(ctx, race.other_context),
                Some(ctx.label(other.span, format!("also conflicting {} in {there}", verb(other.kind)))),
            ]
            .into_iter()
            .flatten()
            {
                if !labels.iter().any(|l| l.span == label.span) {
                    labels.push(label);
                }
            }
        }
        labels
    }

    /// "goroutine started here" at the `go` statement of a goroutine context.
    fn spawn_label(&self, ctx: &Ctx, c: ContextId) -> Option<Label> {
        match self.memory.context(c) {
            ContextKind::Goroutine { spawn, .. } => Some(ctx.label(*spawn, "goroutine started here")),
            ContextKind::Spawner => None,
        }
    }

    /// Medium when a goroutine's function was found by a method's name only, or the object
    /// holds a field reached from a value whose type is not known.
    pub fn confidence(&self) -> Confidence {
        let guessed = [self.race.primary_context, self.race.other_context]
            .iter()
            .any(|c| matches!(self.memory.context(*c), ContextKind::Goroutine { guessed: true, .. }))
            || self.memory.objects[self.race.object].guessed;
        if guessed {
            Confidence::Medium
        } else {
            Confidence::High
        }
    }

    /// The callee of the primary access when it is a call: `C.fill`, `syscall.Syscall`.
    pub fn callee(&self, ctx: &Ctx) -> String {
        match &ctx.pkg.expr(self.primary.expr).kind {
            blindspot_go::model::ExprKind::Call { func, .. } => ctx.snippet(ctx.pkg.expr(*func).span, 40),
            _ => String::new(),
        }
    }

    /// Reports the race: `message`, the primary label, then `labels` before the trail.
    pub fn report(&self, ctx: &mut Ctx, message: String, primary: String, labels: Vec<Label>) {
        let primary = ctx.label(self.primary.span, primary);
        let mut secondary = labels;
        secondary.extend(self.trail(ctx));
        ctx.report(message, self.confidence(), primary, secondary);
    }

    /// Go memory handed over or touched somewhere else than in the primary access: where.
    pub fn handed_over(&self, ctx: &Ctx) -> Option<Label> {
        let (origin, primary) = (self.object.origin_span, self.primary.span);
        let inside = origin.file == primary.file && primary.start <= origin.start && origin.end <= primary.end;
        (!inside).then(|| ctx.label(origin, "the memory is handed over or touched here"))
    }
}

/// An unsynchronized write of a handler, with the names its messages use.
pub struct HandlerView<'a> {
    pub handler: &'a Handler,
    pub write: &'a HandlerWrite,
    /// The state written: `package-level variable `cfg``.
    pub state: String,
    /// The conflicting access, worded: `` `f` reads it ``.
    pub other: Option<String>,
}

impl<'a> HandlerView<'a> {
    /// Every unsynchronized write of the handlers of `kinds`.
    pub fn all(ctx: &Ctx<'a>, kinds: &[HandlerKind]) -> Vec<HandlerView<'a>> {
        let facts: &'a HandlerFacts = ctx.result(&blindspot_analysis::handlers::HANDLERS);
        facts
            .writes
            .iter()
            .filter(|w| kinds.contains(&facts.handlers[w.handler].kind))
            .map(|w| HandlerView {
                handler: &facts.handlers[w.handler],
                write: w,
                state: state_name(ctx, &w.state),
                other: w
                    .other
                    .as_ref()
                    .map(|o| format!("{} {} it", func_name(ctx, o), if o.write { "writes" } else { "reads" })),
            })
            .collect()
    }

    /// The handler's entry function, named.
    pub fn entry(&self, ctx: &Ctx) -> String {
        ctx.pkg.func(self.handler.entry).display_name()
    }

    /// Reports the write: `message`, the primary label, then `labels` before the trail.
    pub fn report(&self, ctx: &mut Ctx, message: String, primary: impl Into<String>, labels: Vec<Label>) {
        let primary = ctx.label(self.write.write.span, primary);
        let mut secondary = labels;
        secondary.extend(self.trail(ctx));
        ctx.report(message, self.confidence(), primary, secondary);
    }

    /// The calls from the handler's code to the write, and the conflicting access.
    pub fn trail(&self, ctx: &Ctx) -> Vec<Label> {
        let mut labels = Vec::new();
        for call in &self.write.via {
            let callee = ctx.snippet(*call, 40);
            labels.push(ctx.label(*call, format!("the handler calls `{callee}`")));
        }
        if let Some(o) = &self.write.other {
            let verb = if o.write { "write" } else { "read" };
            labels.push(ctx.label(o.span, format!("conflicting {verb} in {}", func_name(ctx, o))));
        }
        labels
    }

    /// Medium when the state is a field (one state for every value of its type) or no
    /// counterpart was found.
    pub fn confidence(&self) -> Confidence {
        if matches!(self.write.state, State::Field { .. }) || self.write.other.is_none() {
            Confidence::Medium
        } else {
            Confidence::High
        }
    }
}

fn func_name(ctx: &Ctx, a: &StateAccess) -> String {
    format!("`{}`", ctx.pkg.func(a.func).display_name())
}

/// How messages name a handler's state: `package-level variable `cfg``.
fn state_name(ctx: &Ctx, state: &State) -> String {
    match state {
        State::Var(b) => format!("package-level variable `{}`", ctx.pkg.binding(*b).name),
        State::VarField { var, field } => {
            format!("field `{field}` of package-level variable `{}`", ctx.pkg.binding(*var).name)
        }
        State::Field { ty, field } => format!("field `{ty}.{field}`"),
        State::Local(b) => format!("captured variable `{}`", ctx.pkg.binding(*b).name),
    }
}
