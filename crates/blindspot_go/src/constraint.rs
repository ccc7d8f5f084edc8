//! Build constraints: which configurations (GOOS, GOARCH, build tags) a file is built in.
//!
//! A file's constraint joins its `//go:build` line (or, without one, its `// +build` lines)
//! and its name's `_GOOS`, `_GOARCH` or `_GOOS_GOARCH` suffix, as `go/build` reads them.
//! blindspot analyzes every configuration at once, so constraints are not used to drop
//! files; they tell whether two files can be built together ([`compatible`]): evidence
//! that joins a Linux file to a Plan 9 one describes no program that exists.

/// A build constraint expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
pub enum Constraint {
    /// No constraint: built in every configuration.
    #[default]
    Always,
    Tag(String),
    Not(Box<Constraint>),
    And(Box<Constraint>, Box<Constraint>),
    Or(Box<Constraint>, Box<Constraint>),
}

/// `go/build`'s known operating systems (`internal/syslist`, go1.27).
pub const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

/// The operating systems the `unix` tag stands for.
pub const UNIX_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "linux",
    "netbsd",
    "openbsd",
    "solaris",
];

/// `go/build`'s known architectures.
pub const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

/// Deeper nesting than this in a `//go:build` line is not read (the file is taken as built
/// everywhere): no real constraint comes close, and hostile input must not exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Longer build lines than this many terms are not read (the file is taken as built
/// everywhere): a constraint is a tree, and a hostile line must not make it deep.
const MAX_TERMS: usize = 256;

/// More free tags than this in one question and [`compatible`] assumes yes.
const MAX_FREE_TAGS: usize = 10;

impl Constraint {
    fn and(a: Constraint, b: Constraint) -> Constraint {
        match (a, b) {
            (Constraint::Always, x) | (x, Constraint::Always) => x,
            (a, b) => Constraint::And(Box::new(a), Box::new(b)),
        }
    }

    fn or(a: Constraint, b: Constraint) -> Constraint {
        match (a, b) {
            (Constraint::Always, _) | (_, Constraint::Always) => Constraint::Always,
            (a, b) => Constraint::Or(Box::new(a), Box::new(b)),
        }
    }

    /// The constraint of a Go file: its name's suffixes and its header's build lines.
    pub fn of_file(file_name: &str, text: &str) -> Constraint {
        Constraint::and(of_name(file_name), of_header(text))
    }

    /// Whether the constraint holds in `config`.
    pub fn holds(&self, config: &Config) -> bool {
        // An explicit stack: constraints are shallow, but nothing here recurses on input.
        enum Task<'a> {
            Eval(&'a Constraint),
            Not,
            And(&'a Constraint),
            Or(&'a Constraint),
        }
        let mut tasks = vec![Task::Eval(self)];
        let mut value = true;
        while let Some(task) = tasks.pop() {
            match task {
                Task::Eval(Constraint::Always) => value = true,
                Task::Eval(Constraint::Tag(t)) => value = config.has(t),
                Task::Eval(Constraint::Not(c)) => {
                    tasks.push(Task::Not);
                    tasks.push(Task::Eval(c));
                }
                Task::Eval(Constraint::And(a, b)) => {
                    tasks.push(Task::And(b));
                    tasks.push(Task::Eval(a));
                }
                Task::Eval(Constraint::Or(a, b)) => {
                    tasks.push(Task::Or(b));
                    tasks.push(Task::Eval(a));
                }
                Task::Not => value = !value,
                Task::And(b) => {
                    if value {
                        tasks.push(Task::Eval(b));
                    }
                }
                Task::Or(b) => {
                    if !value {
                        tasks.push(Task::Eval(b));
                    }
                }
            }
        }
        value
    }

    /// The tags the constraint mentions.
    fn tags<'a>(&'a self, out: &mut Vec<&'a str>) {
        let mut stack = vec![self];
        while let Some(c) = stack.pop() {
            match c {
                Constraint::Always => {}
                Constraint::Tag(t) => out.push(t),
                Constraint::Not(c) => stack.push(c),
                Constraint::And(a, b) | Constraint::Or(a, b) => {
                    stack.push(a);
                    stack.push(b);
                }
            }
        }
    }
}

/// One build configuration: an operating system, an architecture, and the other tags set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub goos: String,
    pub goarch: String,
    pub tags: Vec<String>,
}

impl Config {
    /// Whether `tag` is satisfied, as `go/build` matches tags: the OS and architecture, `unix`
    /// for the Unix systems, `linux` also on android, `solaris` on illumos, `darwin` on ios,
    /// every `go1.N` release tag, `gc` (the compiler), and the tags set.
    pub fn has(&self, tag: &str) -> bool {
        tag == self.goos
            || tag == self.goarch
            || tag == "unix" && UNIX_OS.contains(&self.goos.as_str())
            || tag == "linux" && self.goos == "android"
            || tag == "solaris" && self.goos == "illumos"
            || tag == "darwin" && self.goos == "ios"
            || tag == "gc"
            || release_tag(tag)
            || self.tags.iter().any(|t| t == tag)
    }
}

fn release_tag(tag: &str) -> bool {
    tag.strip_prefix("go1.").is_some_and(|minor| !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether one configuration builds all of `constraints`: some GOOS and GOARCH (known ones)
/// and some choice of the other tags they mention satisfy every one. With more than
/// [`MAX_FREE_TAGS`] other tags the answer is yes, unchecked.
pub fn compatible(constraints: &[&Constraint]) -> bool {
    if constraints.iter().all(|c| **c == Constraint::Always) {
        return true;
    }
    let mut tags = Vec::new();
    for c in constraints {
        c.tags(&mut tags);
    }
    tags.sort_unstable();
    tags.dedup();
    let fixed =
        |t: &str| KNOWN_OS.contains(&t) || KNOWN_ARCH.contains(&t) || t == "unix" || t == "gc" || release_tag(t);
    let free: Vec<&str> = tags.into_iter().filter(|t| !fixed(t)).collect();
    if free.len() > MAX_FREE_TAGS {
        return true;
    }
    let mut config = Config::default();
    for goos in KNOWN_OS {
        config.goos = goos.to_string();
        for goarch in KNOWN_ARCH {
            config.goarch = goarch.to_string();
            for set in 0u32..(1 << free.len()) {
                config.tags =
                    free.iter().enumerate().filter(|(i, _)| set & (1 << i) != 0).map(|(_, t)| t.to_string()).collect();
                if constraints.iter().all(|c| c.holds(&config)) {
                    return true;
                }
            }
        }
    }
    false
}

/// The constraint of a file name: `x_linux.go`, `x_amd64.go`, `x_linux_amd64.go` (also before
/// `_test`). The part before the first `_` never counts: `linux.go` is built everywhere.
pub fn of_name(file_name: &str) -> Constraint {
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    // Any extension: `x_linux.c` and `view_ios.m` are constrained like `x_linux.go`.
    let stem = stem.rsplit_once('.').map_or(stem, |(base, _)| base);
    let stem = stem.strip_suffix("_test").unwrap_or(stem);
    let Some((_, rest)) = stem.split_once('_') else { return Constraint::Always };
    let parts: Vec<&str> = rest.split('_').collect();
    let n = parts.len();
    let tag = |t: &str| Constraint::Tag(t.to_string());
    if n >= 2 && KNOWN_OS.contains(&parts[n - 2]) && KNOWN_ARCH.contains(&parts[n - 1]) {
        return Constraint::and(tag(parts[n - 2]), tag(parts[n - 1]));
    }
    if KNOWN_OS.contains(&parts[n - 1]) || KNOWN_ARCH.contains(&parts[n - 1]) {
        return tag(parts[n - 1]);
    }
    Constraint::Always
}

/// The constraint of a file's header: its `//go:build` line, or without one the `// +build`
/// lines (all must hold), among the comments before the package clause. A line that does not
/// parse constrains nothing.
pub fn of_header(text: &str) -> Constraint {
    let mut plus = Constraint::Always;
    let mut plus_lines = 0;
    let mut in_block = false;
    for line in text.lines() {
        let line = line.trim();
        if in_block {
            in_block = !line.contains("*/");
            continue;
        }
        if line.is_empty() {
            continue;
        }
        if line.starts_with("/*") {
            in_block = !line.contains("*/");
            continue;
        }
        let Some(comment) = line.strip_prefix("//") else { break };
        if let Some(expr) = comment.strip_prefix("go:build") {
            if expr.starts_with([' ', '\t']) {
                return parse_expr(expr).unwrap_or_default();
            }
        } else if let Some(expr) = comment.trim_start().strip_prefix("+build") {
            if expr.starts_with([' ', '\t']) && plus_lines < MAX_DEPTH {
                plus_lines += 1;
                plus = Constraint::and(plus, parse_plus_build(expr));
            }
        }
    }
    plus
}

/// `// +build a,!b c`: an OR of space-separated options, each an AND of comma-separated
/// terms, each a tag with an optional `!`.
fn parse_plus_build(line: &str) -> Constraint {
    if line.split([' ', '\t', ',']).count() > MAX_TERMS {
        return Constraint::Always;
    }
    let mut any: Option<Constraint> = None;
    for option in line.split_whitespace() {
        let mut all = Constraint::Always;
        for term in option.split(',') {
            let (negated, tag) = match term.strip_prefix('!') {
                Some(t) => (true, t),
                None => (false, term),
            };
            if tag.is_empty() {
                continue;
            }
            let t = Constraint::Tag(tag.to_string());
            all = Constraint::and(all, if negated { Constraint::Not(Box::new(t)) } else { t });
        }
        any = Some(match any {
            None => all,
            Some(a) => Constraint::or(a, all),
        });
    }
    any.unwrap_or_default()
}

/// A `//go:build` expression: `||` of `&&` of unary terms (`!x`, `(e)`, a tag). `None` when
/// it does not parse or nests deeper than [`MAX_DEPTH`].
fn parse_expr(text: &str) -> Option<Constraint> {
    let tokens = tokenize(text)?;
    if tokens.len() > MAX_TERMS {
        return None;
    }
    let mut p = Parser { tokens, pos: 0, depth: 0 };
    let e = p.or()?;
    (p.pos == p.tokens.len()).then_some(e)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Tag(String),
    Not,
    And,
    Or,
    Open,
    Close,
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            ' ' | '\t' => {}
            '!' => tokens.push(Token::Not),
            '(' => tokens.push(Token::Open),
            ')' => tokens.push(Token::Close),
            '&' | '|' => {
                if chars.next().map(|(_, d)| d) != Some(c) {
                    return None;
                }
                tokens.push(if c == '&' { Token::And } else { Token::Or });
            }
            c if c.is_alphanumeric() || c == '_' || c == '.' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' || d == '.' {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Tag(text[i..end].to_string()));
            }
            _ => return None,
        }
    }
    Some(tokens)
}

/// Recursive descent over a token list bounded by [`MAX_DEPTH`].
struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn eat(&mut self, t: &Token) -> bool {
        let hit = self.tokens.get(self.pos) == Some(t);
        self.pos += usize::from(hit);
        hit
    }

    fn or(&mut self) -> Option<Constraint> {
        let mut e = self.and()?;
        while self.eat(&Token::Or) {
            e = Constraint::Or(Box::new(e), Box::new(self.and()?));
        }
        Some(e)
    }

    fn and(&mut self) -> Option<Constraint> {
        let mut e = self.unary()?;
        while self.eat(&Token::And) {
            e = Constraint::And(Box::new(e), Box::new(self.unary()?));
        }
        Some(e)
    }

    fn unary(&mut self) -> Option<Constraint> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let e = if self.eat(&Token::Not) {
            Constraint::Not(Box::new(self.unary()?))
        } else if self.eat(&Token::Open) {
            let e = self.or()?;
            if !self.eat(&Token::Close) {
                return None;
            }
            e
        } else {
            match self.tokens.get(self.pos) {
                Some(Token::Tag(t)) => {
                    let t = t.clone();
                    self.pos += 1;
                    Constraint::Tag(t)
                }
                _ => return None,
            }
        };
        self.depth -= 1;
        Some(e)
    }
}

/// One build configuration to restrict a run to (`--goos`, `--goarch`, `--tags`): a file is
/// analyzed only when its constraint holds there. An operating system or architecture left
/// open may be any known one; the tags set are exactly those given, as `go build -tags`
/// sets them, and `cgo` unless turned off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restriction {
    pub goos: Option<String>,
    pub goarch: Option<String>,
    pub tags: Vec<String>,
}

impl Restriction {
    /// Checks the names: an unknown GOOS or GOARCH is an error that names it.
    pub fn new(goos: Option<String>, goarch: Option<String>, tags: Vec<String>) -> Result<Restriction, String> {
        if let Some(os) = goos.as_deref().filter(|os| !KNOWN_OS.contains(os)) {
            return Err(format!("unknown GOOS {os:?} (known: {})", KNOWN_OS.join(", ")));
        }
        if let Some(arch) = goarch.as_deref().filter(|arch| !KNOWN_ARCH.contains(arch)) {
            return Err(format!("unknown GOARCH {arch:?} (known: {})", KNOWN_ARCH.join(", ")));
        }
        if let Some(bad) =
            tags.iter().find(|t| t.is_empty() || !t.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.'))
        {
            return Err(format!("invalid build tag {bad:?}"));
        }
        Ok(Restriction { goos, goarch, tags })
    }

    /// Whether a file with constraint `c` is built in this configuration (for some GOOS and
    /// GOARCH, when they are left open).
    pub fn builds(&self, c: &Constraint) -> bool {
        if *c == Constraint::Always {
            return true;
        }
        let oses: Vec<&str> = match &self.goos {
            Some(os) => vec![os.as_str()],
            None => KNOWN_OS.to_vec(),
        };
        let arches: Vec<&str> = match &self.goarch {
            Some(arch) => vec![arch.as_str()],
            None => KNOWN_ARCH.to_vec(),
        };
        let mut config = Config { tags: self.tags.clone(), ..Config::default() };
        oses.iter().any(|os| {
            config.goos = os.to_string();
            arches.iter().any(|arch| {
                config.goarch = arch.to_string();
                c.holds(&config)
            })
        })
    }
}
