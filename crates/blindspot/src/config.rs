//! `blindspot.toml` (or `.blindspot.toml`): which rules run, which files are reported, and
//! at which level. The closest file at or above the analyzed paths wins; `--config`
//! names one, and `--select` / `--ignore` override its lists.
//!
//! ```toml
//! select = ["BS1", "BS2"]          # ids or id prefixes; every rule by default
//! ignore = ["BS202"]
//! exclude = ["third_party/**"]     # globs, relative to the file's directory
//!
//! [per-path-ignores]
//! "internal/legacy/**" = ["BS101"]
//!
//! [severity]
//! BS302 = "error"
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use blindspot_report::{Diagnostic, Level};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

pub const FILE_NAMES: &[&str] = &["blindspot.toml", ".blindspot.toml"];

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default, rename = "per-path-ignores")]
    per_path_ignores: BTreeMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
}

/// The effective configuration of a run.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    /// Paths in the file are relative to this directory.
    pub base: PathBuf,
    /// Id prefixes; `None` selects every rule.
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub exclude: Vec<String>,
    pub per_path_ignores: Vec<(String, Vec<String>)>,
    pub severity: Vec<(String, Level)>,
    exclude_set: GlobSet,
    per_path_sets: Vec<(GlobSet, Vec<String>)>,
}

/// A configuration that cannot be used: where and why.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// The directory the patterns share: where configuration discovery starts (`cwd` without
/// patterns). `./...`, `sub/...`, `sub`, `sub/file.go` name `.`, `sub`, `sub`, `sub`.
pub fn analyzed_root(cwd: &Path, patterns: &[String]) -> PathBuf {
    let mut common: Option<PathBuf> = None;
    for p in patterns {
        let base = p.strip_suffix("...").unwrap_or(p).trim_end_matches('/');
        let mut dir = cwd.join(if base.is_empty() { "." } else { base });
        if dir.is_file() {
            dir.pop();
        }
        let dir = dir.canonicalize().unwrap_or(dir);
        common = Some(match common {
            None => dir,
            Some(c) => c.ancestors().find(|a| dir.starts_with(a)).map(Path::to_path_buf).unwrap_or(c),
        });
    }
    common.unwrap_or_else(|| cwd.to_path_buf())
}

/// The closest configuration file at or above `dir`.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n))).find(|p| p.is_file())
}

fn line_of(text: &str, offset: usize) -> usize {
    blindspot_report::position(text, offset).line
}

/// Whether `prefix` names at least one rule (an id, or the start of one: `BS1`).
fn known_prefix(prefix: &str) -> bool {
    blindspot_rules::metas().iter().any(|m| m.id.starts_with(&prefix.to_ascii_uppercase()))
}

impl Config {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let error = |line, message: String| ConfigError { path: shown.clone(), line, message };
        let text = std::fs::read_to_string(path).map_err(|e| error(None, format!("cannot read: {e}")))?;
        let raw: Raw = toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|s| line_of(&text, s.start));
            // Name the key of that line when the parser's message does not.
            let key = line
                .and_then(|l| text.lines().nth(l - 1))
                .and_then(|l| l.split_once('='))
                .map(|(k, _)| k.trim().trim_matches('"'))
                .filter(|k| !k.is_empty() && !k.starts_with('['));
            let message = e.message().trim().to_string();
            match key {
                Some(k) if !message.contains(&format!("`{k}`")) => error(line, format!("`{k}`: {message}")),
                _ => error(line, message),
            }
        })?;
        let ids = |key: &str, list: &[Spanned<String>]| -> Result<Vec<String>, ConfigError> {
            list.iter()
                .map(|s| {
                    if known_prefix(s.get_ref()) {
                        Ok(s.get_ref().to_ascii_uppercase())
                    } else {
                        let line = Some(line_of(&text, s.span().start));
                        Err(error(line, format!("`{key}`: `{}` is not a rule id or id prefix", s.get_ref())))
                    }
                })
                .collect()
        };
        let select = raw.select.as_deref().map(|s| ids("select", s)).transpose()?;
        let ignore = ids("ignore", &raw.ignore)?;
        let mut exclude = Vec::new();
        for g in &raw.exclude {
            Glob::new(g.get_ref()).map_err(|e| {
                error(Some(line_of(&text, g.span().start)), format!("`exclude`: bad glob `{}`: {e}", g.get_ref()))
            })?;
            exclude.push(g.get_ref().clone());
        }
        let mut per_path_ignores = Vec::new();
        for (glob, list) in &raw.per_path_ignores {
            let line = list.first().map(|s| line_of(&text, s.span().start));
            Glob::new(glob).map_err(|e| error(line, format!("`per-path-ignores`: bad glob `{glob}`: {e}")))?;
            per_path_ignores.push((glob.clone(), ids("per-path-ignores", list)?));
        }
        let mut severity = Vec::new();
        for (id, level) in &raw.severity {
            let line = Some(line_of(&text, level.span().start));
            let known = blindspot_rules::meta(id).map(|m| m.id.clone());
            let Some(id) = known else {
                return Err(error(line, format!("`severity`: `{id}` is not a rule id")));
            };
            let Some(l) = Level::parse(level.get_ref()) else {
                let message = format!("`severity.{id}`: `{}` is not error, warning or note", level.get_ref());
                return Err(error(line, message));
            };
            severity.push((id, l));
        }
        // Globs are matched against absolute paths made relative to this directory.
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let base = parent.canonicalize().unwrap_or_else(|_| parent.to_path_buf());
        let mut config = Config {
            path: Some(path.to_path_buf()),
            base,
            select,
            ignore,
            exclude,
            per_path_ignores,
            severity,
            ..Config::default()
        };
        config.compile();
        Ok(config)
    }

    /// A configuration without a file, for a run in `cwd`.
    pub fn empty(cwd: &Path) -> Config {
        let mut c = Config { base: cwd.to_path_buf(), ..Config::default() };
        c.compile();
        c
    }

    /// Replaces the lists with the command line's (comma-separated ids or prefixes).
    pub fn override_lists(&mut self, select: Option<&str>, ignore: Option<&str>) -> Result<(), String> {
        let parse = |flag: &str, list: &str| -> Result<Vec<String>, String> {
            list.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    if known_prefix(s) {
                        Ok(s.to_ascii_uppercase())
                    } else {
                        Err(format!("{flag}: `{s}` is not a rule id or id prefix"))
                    }
                })
                .collect()
        };
        if let Some(s) = select {
            self.select = Some(parse("--select", s)?);
        }
        if let Some(i) = ignore {
            self.ignore = parse("--ignore", i)?;
        }
        Ok(())
    }

    fn compile(&mut self) {
        let set = |globs: &[String]| {
            let mut b = GlobSetBuilder::new();
            for g in globs {
                // Checked in `load`.
                if let Ok(g) = Glob::new(g) {
                    b.add(g);
                }
            }
            b.build().unwrap_or_else(|_| GlobSet::empty())
        };
        self.exclude_set = set(&self.exclude);
        self.per_path_sets =
            self.per_path_ignores.iter().map(|(g, ids)| (set(std::slice::from_ref(g)), ids.clone())).collect();
    }

    /// Whether rule `id` runs.
    pub fn enabled(&self, id: &str) -> bool {
        let selected = self.select.as_ref().is_none_or(|s| s.iter().any(|p| id.starts_with(p.as_str())));
        selected && !self.ignore.iter().any(|p| id.starts_with(p.as_str()))
    }

    /// A path relative to the configuration's directory, for globs; `display` is relative
    /// to `cwd` (or absolute).
    fn relative(&self, cwd: &Path, display: &str) -> PathBuf {
        let joined = cwd.join(display);
        let abs = joined.canonicalize().unwrap_or(joined);
        abs.strip_prefix(&self.base).map(Path::to_path_buf).unwrap_or(abs)
    }

    /// Whether findings in this file are reported.
    pub fn excluded(&self, cwd: &Path, display: &str) -> bool {
        !self.exclude.is_empty() && self.exclude_set.is_match(self.relative(cwd, display))
    }

    /// Applies `per-path-ignores` and `severity` to the findings of a run.
    pub fn apply(&self, cwd: &Path, diagnostics: &mut Vec<Diagnostic>) {
        if !self.per_path_sets.is_empty() {
            diagnostics.retain(|d| {
                let rel = self.relative(cwd, &d.primary.span.path);
                !self
                    .per_path_sets
                    .iter()
                    .any(|(set, ids)| set.is_match(&rel) && ids.iter().any(|p| d.rule.starts_with(p.as_str())))
            });
        }
        for d in diagnostics.iter_mut() {
            if let Some((_, level)) = self.severity.iter().find(|(id, _)| *id == d.rule) {
                d.level = *level;
            }
        }
    }

    /// The effective configuration as TOML, for `blindspot config`.
    pub fn to_toml(&self) -> String {
        let list = |v: &[String]| {
            let quoted: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
            format!("[{}]", quoted.join(", "))
        };
        let mut out = match &self.path {
            Some(p) => format!("# {}\n", p.display()),
            None => "# no configuration file; defaults\n".to_string(),
        };
        let select = match &self.select {
            Some(s) => list(s),
            None => list(&blindspot_rules::metas().iter().map(|m| m.id.clone()).collect::<Vec<_>>()),
        };
        out.push_str(&format!("select = {select}\n"));
        out.push_str(&format!("ignore = {}\n", list(&self.ignore)));
        out.push_str(&format!("exclude = {}\n", list(&self.exclude)));
        out.push_str("\n[per-path-ignores]\n");
        for (g, ids) in &self.per_path_ignores {
            out.push_str(&format!("{g:?} = {}\n", list(ids)));
        }
        out.push_str("\n[severity]\n");
        for m in blindspot_rules::metas() {
            let level = self.severity.iter().find(|(id, _)| *id == m.id).map_or(m.default_level, |(_, l)| *l);
            out.push_str(&format!("{} = {:?}\n", m.id, level.as_str()));
        }
        out
    }
}
