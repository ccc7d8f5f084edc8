//! Which packages need parsing at all. Parsing is the floor of a run's cost; most packages
//! of a real tree can hold no finding and export no fact, and a text scan says so.
//!
//! A package is parsed when
//! - it could hold a finding itself: it imports `"C"`, `syscall`, `golang.org/x/sys/unix`,
//!   `golang.org/x/sys/windows` or `os/signal`; mentions `SetFinalizer`, `AddCleanup`,
//!   `//go:norace`, `//go:uintptrescapes`, `//go:linkname` or `//export`; or its directory
//!   holds assembly (`.s`): every rule needs one of those;
//! - or it could export a fact its importers need: it starts goroutines or takes locks
//!   (`go `, `.Go(`, `.Lock()`, `.RLock()`), the only ways to a spawner or lock fact
//!   without the imports above;
//! - or a package it imports exported a fact (known when its turn comes, since packages are
//!   analyzed in import order): C memory, a `uintptr` wrapper or a spawner can reach it
//!   through calls.
//!
//! Anything else has no memory the race detector misses, no handler, and no goroutine or
//! lock, so its findings and its summary are empty: skipping it changes nothing, which
//! `--no-prefilter` and a test over every fixture check.

use std::path::Path;

use blindspot_go::load::LoadedPackage;
use blindspot_go::modules::file_imports;

const IMPORTS: &[&str] = &["C", "syscall", "golang.org/x/sys/unix", "golang.org/x/sys/windows", "os/signal"];
const WORDS: &[&str] = &["SetFinalizer", "AddCleanup", "go:norace", "go:uintptrescapes", "go:linkname", "//export"];
const FACT_WORDS: &[&str] = &[".Go(", ".Lock()", ".RLock()"];

/// Whether the package's own text may give a finding or a fact.
pub fn may_matter(pkg: &LoadedPackage, dir: &Path) -> bool {
    pkg.files.iter().any(|f| {
        WORDS.iter().any(|w| f.text.contains(w))
            || may_share_arguments(&f.text)
            || file_imports(&f.text).iter().any(|i| IMPORTS.contains(&i.as_str()))
    }) || has_assembly(dir)
}

/// Whether a file may start goroutines or take locks: the only ways to a spawner or lock
/// fact about a function's arguments (also asked of context packages before loading them).
pub fn may_share_arguments(text: &str) -> bool {
    FACT_WORDS.iter().any(|w| text.contains(w)) || starts_goroutine(text)
}

/// A `go` statement: the keyword after white space, `{`, `;` or `:`, followed by a space or
/// tab. Comments and strings may say it too; that only costs a parse.
fn starts_goroutine(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices("go").any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + 2).copied();
        matches!(before, None | Some(b' ' | b'\t' | b'\n' | b'{' | b';' | b':')) && matches!(after, Some(b' ' | b'\t'))
    })
}

fn has_assembly(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .is_ok_and(|entries| entries.flatten().any(|e| e.file_name().as_encoded_bytes().ends_with(b".s")))
}

#[cfg(test)]
mod tests {
    use super::starts_goroutine;

    #[test]
    fn go_statements_and_not_other_words() {
        assert!(starts_goroutine("func f() {\n\tgo work()\n}"));
        assert!(starts_goroutine("func f() { go func() {}() }"));
        assert!(starts_goroutine("loop:\tgo\tserve(c)"));
        assert!(!starts_goroutine("package cargo\n\nvar golang, ago, going = 1, 2, 3\n"));
        assert!(!starts_goroutine("import \"go/ast\"\n"));
    }
}
