//! Triggers: what in a package's source can make an analysis matter to it, checked by a
//! text scan before anything is parsed. Each rule declares the trigger of its findings and
//! each fact type the trigger of its facts; the command line builds its prefilter from
//! them (one matcher for every word) and decides from them which packages to parse.

/// A word a text scan looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Word {
    /// These bytes, anywhere in a file.
    Text(&'static str),
    /// The `go` keyword of a `go` statement: `go` and a blank after white space, `{`, `;`
    /// or `:` (not the end of `cargo` or `ago`).
    GoStatement,
}

/// Any of the imports, the words (in any file of the package) or assembly in the package's
/// directory; and, when given, the word `and` too.
#[derive(Debug, Clone, Copy)]
pub struct Trigger {
    pub imports: &'static [&'static str],
    pub words: &'static [Word],
    pub assembly: bool,
    pub and: Option<Word>,
}

impl Trigger {
    /// Nothing triggers it.
    pub const NONE: Trigger = Trigger { imports: &[], words: &[], assembly: false, and: None };

    /// Whether a package matches: `has` tells whether it mentions a word, `imports` are its
    /// import paths, `assembly` whether its directory holds `.s` files.
    pub fn matches(&self, has: &dyn Fn(Word) -> bool, imports: &[String], assembly: bool) -> bool {
        let any = self.imports.iter().any(|p| imports.iter().any(|i| i == p))
            || self.words.iter().any(|w| has(*w))
            || self.assembly && assembly;
        any && self.and.is_none_or(has)
    }

    /// Every word the trigger looks for.
    pub fn all_words(&self) -> impl Iterator<Item = Word> + '_ {
        self.words.iter().copied().chain(self.and)
    }
}
