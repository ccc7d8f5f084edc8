//! Which packages need parsing at all, from a text scan. Parsing is the floor of a run's
//! cost, and most packages of a real tree can hold no finding and export no fact anyone
//! reads; one pass of one matcher over each file's text, made while every file is read once
//! up front, says which.
//!
//! The words come from the registries: each rule's trigger (what in a package's own source
//! may give its findings: `blindspot_rules::REGISTRY`), each fact type's trigger (what may
//! let a package export the fact by itself: `blindspot_analysis::FACT_TYPES`), the word
//! through which a fact passes from an import to its importer, and the markers of
//! suppression directives. Adding a rule or a fact adds its words here by itself.
//!
//! From the words, the imports and the assembly of a package, [`Relevance`] says what its
//! own source may give; `scheduler` puts the packages' relevance together over the import
//! graph. `--no-prefilter` and a test over every fixture check that skipping changes
//! nothing.

use blindspot_go::asm::{AsmFunc, Writes};
use std::path::Path;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use blindspot_analysis::{Scope, Word, FACT_TYPES};

/// Every word looked for, and one matcher for the words that are plain text.
struct Vocabulary {
    words: Vec<Word>,
    matcher: AhoCorasick,
    /// The word index of each matcher pattern (`None`: a form of the `go` keyword).
    pattern_word: Vec<Option<usize>>,
    /// The index of [`Word::GoStatement`], if some trigger uses it.
    go_statement: Option<usize>,
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let mut words: Vec<Word> = Vec::new();
    let rule_words = blindspot_rules::REGISTRY.iter().flat_map(|r| r.trigger.all_words());
    let fact_words = FACT_TYPES.iter().flat_map(|t| t.trigger.all_words().chain(t.propagates));
    let markers = blindspot_rules::DIRECTIVE_MARKERS.iter().map(|m| Word::Text(m));
    for w in rule_words.chain(fact_words).chain(markers) {
        if !words.contains(&w) {
            words.push(w);
        }
    }
    let go_statement = words.iter().position(|w| *w == Word::GoStatement);
    let mut patterns: Vec<&str> = Vec::new();
    let mut pattern_word = Vec::new();
    for (i, w) in words.iter().enumerate() {
        match w {
            Word::Text(t) => {
                patterns.push(t);
                pattern_word.push(Some(i));
            }
            // The keyword followed by a space or tab; what precedes it is checked per match.
            Word::GoStatement => {
                patterns.extend(["go ", "go\t"]);
                pattern_word.extend([None, None]);
            }
        }
    }
    let matcher = AhoCorasick::new(&patterns).expect("the patterns are plain strings");
    Vocabulary { words, matcher, pattern_word, go_statement }
});

/// The words of the vocabulary a text mentions, as a set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Words(u64);

impl Words {
    pub fn has(self, w: Word) -> bool {
        VOCABULARY.words.iter().position(|v| *v == w).is_some_and(|i| self.0 & (1 << i) != 0)
    }

    /// The set as bits, to store; only this build's vocabulary reads them back.
    pub fn bits(self) -> u64 {
        self.0
    }

    pub fn from_bits(bits: u64) -> Words {
        Words(bits)
    }

    pub fn union(self, other: Words) -> Words {
        Words(self.0 | other.0)
    }

    /// Whether the text may hold a suppression directive.
    pub fn directives(self) -> bool {
        blindspot_rules::DIRECTIVE_MARKERS.iter().any(|m| self.has(Word::Text(m)))
    }
}

/// The words of the vocabulary `text` mentions, in one pass (Aho-Corasick).
pub fn words(text: &str) -> Words {
    let vocabulary = &*VOCABULARY;
    let bytes = text.as_bytes();
    let mut found = 0u64;
    for m in vocabulary.matcher.find_overlapping_iter(text) {
        let word = match vocabulary.pattern_word[m.pattern().as_usize()] {
            Some(i) => Some(i),
            // The keyword after white space, `{`, `;` or `:` (not `ago `, `cargo `).
            None => {
                let before = m.start().checked_sub(1).map(|i| bytes[i]);
                vocabulary
                    .go_statement
                    .filter(|_| matches!(before, None | Some(b' ' | b'\t' | b'\n' | b'{' | b';' | b':')))
            }
        };
        if let Some(i) = word {
            found |= 1 << i;
        }
    }
    Words(found)
}

/// What a package's own source (the words and imports of its files, and assembly in its
/// directory) may give.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relevance {
    /// A finding of some rule.
    pub own: bool,
    /// A fact of each scope, by itself: memory handed out, calls that consume a `uintptr`,
    /// goroutines or locks around arguments.
    pub memory: bool,
    pub uintptr: bool,
    pub sharing: bool,
    /// A fact of an import, passed on (it mentions the word through which one passes).
    pub passes_on: bool,
}

impl Relevance {
    pub fn of(words: Words, imports: &[String], assembly: bool) -> Relevance {
        let has = |w: Word| words.has(w);
        let own = blindspot_rules::REGISTRY.iter().any(|r| r.trigger.matches(&has, imports, assembly));
        let exports = |scope: Scope| {
            FACT_TYPES.iter().filter(|t| t.scope == scope).any(|t| t.trigger.matches(&has, imports, assembly))
        };
        let passes_on = FACT_TYPES.iter().filter_map(|t| t.propagates).any(has);
        Relevance {
            own,
            memory: exports(Scope::Memory),
            uintptr: exports(Scope::Uintptr),
            sharing: exports(Scope::Sharing),
            passes_on,
        }
    }
}

/// The `.s` files of `dir`.
fn assembly_files(dir: &Path) -> impl Iterator<Item = std::path::PathBuf> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().as_encoded_bytes().ends_with(b".s"))
        .map(|e| e.path())
}

/// The `.c` and `.m` (Objective-C) files of `dir` (cgo compiles them into the package),
/// and, beside Objective-C, the `.h` files (where its classes are declared), sorted, each
/// with the XXH3-128 of its contents for the cache key. An unreadable file is left out.
pub fn c_files(dir: &Path) -> Vec<(std::path::PathBuf, u128)> {
    let entries: Vec<std::path::PathBuf> =
        std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    let has = |p: &std::path::Path, ext: &str| p.extension().is_some_and(|e| e == ext);
    let objc = entries.iter().any(|p| has(p, "m"));
    let mut files: Vec<(std::path::PathBuf, u128)> = entries
        .iter()
        .filter(|p| has(p, "c") || has(p, "m") || objc && has(p, "h"))
        .filter_map(|p| std::fs::read(p).ok().map(|b| (p.clone(), xxhash_rust::xxh3::xxh3_128(&b))))
        .collect();
    files.sort();
    files
}

/// The functions the `.s` files of `dir` define ([`blindspot_go::asm::functions`]), sorted
/// by name, one each: a function defined for several platforms writes what any of its
/// definitions writes. `None` when `dir` has no `.s` file. An unreadable `.s` file defines
/// nothing.
pub fn assembly_functions(dir: &Path) -> Option<Vec<AsmFunc>> {
    let mut files = assembly_files(dir).peekable();
    files.peek()?;
    let mut by_name: std::collections::BTreeMap<String, Writes> = std::collections::BTreeMap::new();
    let defined = files
        .filter_map(|p| std::fs::read(p).ok())
        .flat_map(|bytes| blindspot_go::asm::functions(&String::from_utf8_lossy(&bytes)));
    for f in defined {
        let joined = match by_name.remove(&f.name) {
            Some(w) => w.join(f.writes),
            None => f.writes,
        };
        by_name.insert(f.name, joined);
    }
    Some(by_name.into_iter().map(|(name, writes)| AsmFunc { name, writes }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relevance(text: &str, imports: &[&str], assembly: bool) -> Relevance {
        let imports: Vec<String> = imports.iter().map(|s| s.to_string()).collect();
        Relevance::of(words(text), &imports, assembly)
    }

    #[test]
    fn the_vocabulary_fits_the_set() {
        assert!(VOCABULARY.words.len() <= 64, "{} words do not fit a u64", VOCABULARY.words.len());
    }

    #[test]
    fn go_statements_and_not_other_words() {
        let go = |t: &str| words(t).has(Word::GoStatement);
        assert!(go("func f() {\n\tgo work()\n}"));
        assert!(go("func f() { go func() {}() }"));
        assert!(go("loop:\tgo\tserve(c)"));
        assert!(go("go f()"));
        assert!(!go("package cargo\n\nvar golang, ago, going = 1, 2, 3\n"));
        assert!(!go("import \"go/ast\"\n// cargo run\n"));
    }

    #[test]
    fn rule_triggers_fact_triggers_and_passing_on() {
        let r = relevance("//go:uintptrescapes\nfunc f(p uintptr)", &[], false);
        assert!(r.own && r.uintptr && r.passes_on && !r.sharing && !r.memory);
        assert!(relevance("import \"C\"", &["C"], false).memory);
        assert!(relevance("p, _ := unix.Mmap(", &[], false).memory);
        assert!(relevance("mu.RLock()", &[], false).sharing && relevance("g.Go(func() error", &[], false).sharing);
        assert!(relevance("", &["os/signal"], false).own);
        assert!(relevance("", &[], true).own, "assembly");
        let plain = relevance("package p\n\nfunc Add(a, b int) int { return a + b }\n", &["fmt"], false);
        assert_eq!(plain, Relevance::default());
        // A wrapper's words without `uintptr` cannot wrap anything.
        assert!(!relevance("syscall.Syscall(", &[], false).uintptr);
    }

    #[test]
    fn directives_agree_with_the_suppression_pass() {
        for text in ["x //blindspot:ignore BS202 r", "x //nolint:all", "// blindspot:ignore", "//nolint", "plain"] {
            assert_eq!(words(text).directives(), blindspot_rules::may_hold_directives(text), "{text}");
        }
    }
}
