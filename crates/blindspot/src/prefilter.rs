//! Which packages need parsing at all. Parsing is the floor of a run's cost; most packages
//! of a real tree can hold no finding and export no fact anyone reads, and a text scan,
//! made while every file is read once up front, says so.
//!
//! - A package's own text may give a finding when it imports `"C"`, `syscall`,
//!   `golang.org/x/sys/unix`, `golang.org/x/sys/windows` or `os/signal`; mentions
//!   `SetFinalizer`, `AddCleanup`, `//go:norace`, `//go:uintptrescapes`, `//go:linkname` or
//!   `//export`; or its directory holds assembly (`.s`): every rule needs one of those
//!   ([`Mentions::triggers`], [`has_assembly`]).
//! - Otherwise it can get a finding only through a memory fact (C or mapped memory
//!   returned, a `uintptr` parameter kept alive) of a package it imports, and such facts
//!   start at packages of the first kind: only their importers, direct or not, may need it.
//! - A goroutine or lock fact (a function that starts a goroutine on its argument or locks
//!   around it) needs a `go` statement or a lock ([`Mentions::shares`]) in the package or
//!   a package it imports, and matters only to packages of the first two kinds.
//!
//! `run::wanted` and `run::run_unit` put these together over the import graph; anything
//! else has no finding and no fact a parsed package reads, so skipping it changes nothing,
//! which `--no-prefilter` and a test over every fixture check.

use std::path::Path;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

const IMPORTS: &[&str] = &["C", "syscall", "golang.org/x/sys/unix", "golang.org/x/sys/windows", "os/signal"];

/// What one pass over a file's text finds, as flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mentions {
    /// `SetFinalizer`, `AddCleanup`, `//go:norace`, `//go:uintptrescapes`, `//go:linkname`,
    /// `//export`: a finding may start here whatever the imports.
    pub trigger_words: bool,
    /// A `go` statement, `.Go(`, `.Lock()` or `.RLock()`: a goroutine or lock fact may.
    pub shares: bool,
    /// `import "C"` or `Mmap`: the package may return C or mapped memory.
    pub allocates: bool,
    /// `Syscall`, `NewProc`, `FindProc`, `uintptrescapes`: with `uintptr`, it may wrap a
    /// keep-alive call.
    pub wraps: bool,
    pub uintptr: bool,
    /// `//blindspot:` or `//nolint`: it may hold suppression directives.
    pub directives: bool,
}

/// Sets one flag of [`Mentions`].
type SetFlag = fn(&mut Mentions);

/// The words looked for, each with the flag it sets.
const PATTERNS: &[(&str, SetFlag)] = &[
    ("SetFinalizer", |m| m.trigger_words = true),
    ("AddCleanup", |m| m.trigger_words = true),
    ("go:norace", |m| m.trigger_words = true),
    ("go:uintptrescapes", |m| m.trigger_words = true),
    ("go:linkname", |m| m.trigger_words = true),
    ("//export", |m| m.trigger_words = true),
    (".Go(", |m| m.shares = true),
    (".Lock()", |m| m.shares = true),
    (".RLock()", |m| m.shares = true),
    ("import \"C\"", |m| m.allocates = true),
    ("Mmap", |m| m.allocates = true),
    ("Syscall", |m| m.wraps = true),
    ("NewProc", |m| m.wraps = true),
    ("FindProc", |m| m.wraps = true),
    ("uintptrescapes", |m| m.wraps = true),
    ("uintptr", |m| m.uintptr = true),
    ("//blindspot:", |m| m.directives = true),
    ("//nolint", |m| m.directives = true),
    // `go` statements: the keyword followed by a space or tab, checked for what precedes.
    ("go ", |_| {}),
    ("go\t", |_| {}),
];

static MATCHER: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(PATTERNS.iter().map(|(p, _)| p)).expect("the patterns are valid"));

/// Every flag of [`Mentions`], in one pass over `text` (Aho-Corasick).
pub fn mentions(text: &str) -> Mentions {
    let mut found = Mentions::default();
    let bytes = text.as_bytes();
    for m in MATCHER.find_overlapping_iter(text) {
        let (word, set) = PATTERNS[m.pattern().as_usize()];
        if word.starts_with("go") && word.len() == 3 {
            // The keyword after white space, `{`, `;` or `:` (not `ago `, `cargo `).
            let before = m.start().checked_sub(1).map(|i| bytes[i]);
            found.shares |= matches!(before, None | Some(b' ' | b'\t' | b'\n' | b'{' | b';' | b':'));
        } else {
            set(&mut found);
        }
    }
    found
}

impl Mentions {
    /// Whether the file's own text may give a finding (`imports`: its import paths).
    pub fn triggers(&self, imports: &[String]) -> bool {
        self.trigger_words || imports.iter().any(|i| IMPORTS.contains(&i.as_str()))
    }
}

/// Whether a directory holds assembly files.
pub fn has_assembly(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .is_ok_and(|entries| entries.flatten().any(|e| e.file_name().as_encoded_bytes().ends_with(b".s")))
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn go_statements_and_not_other_words() {
        assert!(mentions("func f() {\n\tgo work()\n}").shares);
        assert!(mentions("func f() { go func() {}() }").shares);
        assert!(mentions("loop:\tgo\tserve(c)").shares);
        assert!(mentions("go f()").shares);
        assert!(!mentions("package cargo\n\nvar golang, ago, going = 1, 2, 3\n").shares);
        assert!(!mentions("import \"go/ast\"\n// cargo run\n").shares);
    }

    #[test]
    fn each_flag_and_overlapping_words() {
        let m = mentions("//go:uintptrescapes\nfunc f(p uintptr)");
        assert!(m.trigger_words && m.wraps && m.uintptr && !m.shares && !m.allocates && !m.directives);
        assert!(mentions("import \"C\"").allocates && mentions("unix.Mmap(").allocates);
        assert!(mentions("mu.RLock()").shares && mentions("g.Go(func() error").shares);
        assert_eq!(mentions("package p\n\nfunc Add(a, b int) int { return a + b }\n"), Default::default());
    }

    #[test]
    fn directives_agree_with_the_suppression_pass() {
        for text in ["x //blindspot:ignore BS202 r", "x //nolint:all", "// blindspot:ignore", "//nolint", "plain"] {
            assert_eq!(mentions(text).directives, blindspot_rules::may_hold_directives(text), "{text}");
        }
    }
}
