//! The rules. Each rule is one module under `rules/`, one Markdown document under the
//! repository's `rules/` directory (its metadata and documentation, embedded here), and one
//! fixture folder under `testdata/`. Adding a rule touches nothing else but [`REGISTRY`].

mod context;
mod doc;
mod evidence;
mod rules;
mod suppress;

use std::sync::OnceLock;

use blindspot_analysis::{Cx, Trigger};
use blindspot_report::{Diagnostic, RuleMeta};

pub use context::Ctx;
pub use doc::{parse_rule_doc, DocError};
pub use suppress::{apply_suppressions, may_hold_directives, DIRECTIVE_MARKERS};

/// A registered rule: its id, its documentation source and its check.
pub struct Rule {
    pub id: &'static str,
    /// The Markdown document, front matter included.
    pub doc: &'static str,
    pub check: Check,
    /// What in a package's own source may give its findings: the prefilter parses no
    /// package that matches no rule's trigger (unless it imports facts, or may export some).
    pub trigger: Trigger,
}

/// When a rule runs.
pub enum Check {
    /// On each package's model.
    Package(fn(&mut Ctx)),
    /// On the suppression directives, after every package rule ran ([`apply_suppressions`]).
    Suppressions,
}

/// Every rule blindspot has, in id order.
pub static REGISTRY: &[Rule] = &[
    Rule {
        id: "BS001",
        doc: include_str!("../../../rules/BS001.md"),
        check: Check::Suppressions,
        trigger: Trigger::NONE,
    },
    Rule {
        id: "BS002",
        doc: include_str!("../../../rules/BS002.md"),
        check: Check::Suppressions,
        trigger: Trigger::NONE,
    },
    Rule {
        id: "BS101",
        doc: include_str!("../../../rules/BS101.md"),
        check: Check::Package(rules::cgo_shared_c_memory::check),
        trigger: rules::cgo_shared_c_memory::TRIGGER,
    },
    Rule {
        id: "BS102",
        doc: include_str!("../../../rules/BS102.md"),
        check: Check::Package(rules::cgo_go_memory_in_c::check),
        trigger: rules::cgo_go_memory_in_c::TRIGGER,
    },
    Rule {
        id: "BS103",
        doc: include_str!("../../../rules/BS103.md"),
        check: Check::Package(rules::cgo_callback_state::check),
        trigger: rules::cgo_callback_state::TRIGGER,
    },
    Rule {
        id: "BS201",
        doc: include_str!("../../../rules/BS201.md"),
        check: Check::Package(rules::syscall_shared_buffer::check),
        trigger: rules::syscall_shared_buffer::TRIGGER,
    },
    Rule {
        id: "BS202",
        doc: include_str!("../../../rules/BS202.md"),
        check: Check::Package(rules::syscall_uintptr_escape::check),
        trigger: rules::syscall_uintptr_escape::TRIGGER,
    },
    Rule {
        id: "BS203",
        doc: include_str!("../../../rules/BS203.md"),
        check: Check::Package(rules::mmap_shared_memory::check),
        trigger: rules::mmap_shared_memory::TRIGGER,
    },
    Rule {
        id: "BS301",
        doc: include_str!("../../../rules/BS301.md"),
        check: Check::Package(rules::signal_handler_mutation::check),
        trigger: rules::signal_handler_mutation::TRIGGER,
    },
    Rule {
        id: "BS302",
        doc: include_str!("../../../rules/BS302.md"),
        check: Check::Package(rules::finalizer_shared_state::check),
        trigger: rules::finalizer_shared_state::TRIGGER,
    },
    Rule {
        id: "BS401",
        doc: include_str!("../../../rules/BS401.md"),
        check: Check::Package(rules::norace_shared_access::check),
        trigger: rules::norace_shared_access::TRIGGER,
    },
    Rule {
        id: "BS402",
        doc: include_str!("../../../rules/BS402.md"),
        check: Check::Package(rules::asm_shared_memory::check),
        trigger: rules::asm_shared_memory::TRIGGER,
    },
];

/// The metadata of every registered rule, parsed once from the embedded documents.
pub fn metas() -> &'static [RuleMeta] {
    static METAS: OnceLock<Vec<RuleMeta>> = OnceLock::new();
    METAS.get_or_init(|| {
        REGISTRY
            .iter()
            .map(|r| match parse_rule_doc(r.doc) {
                Ok(meta) => meta,
                // The registry test parses every document, so this is unreachable in a
                // tested build; fall back to a minimal description rather than panic.
                Err(e) => doc::fallback_meta(r.id, &e),
            })
            .collect()
    })
}

/// The metadata of rule `id`.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    metas().iter().find(|m| m.id.eq_ignore_ascii_case(id))
}

/// Runs the rules `enabled` accepts on `pkg`. Findings whose primary location lies in a file
/// that is only context (not named by the user's patterns) are dropped.
pub fn check_package(cx: &Cx, enabled: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
    let pkg = cx.pkg;
    let mut out = Vec::new();
    for (rule, meta) in REGISTRY.iter().zip(metas()) {
        if !enabled(rule.id) {
            continue;
        }
        let Check::Package(check) = rule.check else { continue };
        let mut ctx = Ctx::new(cx, meta);
        check(&mut ctx);
        out.extend(ctx.into_diagnostics());
    }
    out.retain(|d| pkg.files.iter().any(|f| f.reported && f.path == d.primary.span.path));
    out
}
