//! The result cache: what analyzing a package gave (its findings before suppressions and
//! configured levels, its notices, the facts it exports to importers), stored per package and
//! reused when nothing it depends on changed. A second run over an unchanged tree parses
//! nothing.
//!
//! A package's key hashes the blindspot build, the rules enabled, the package's directory,
//! name and files (path, whether reported, contents), and the keys of the packages it
//! imports: a change reaches every importer, as a changed fact may. Each package has one
//! slot (a file named after its directory and name), so the cache holds at most one entry
//! per package whatever the number of runs. Entries are written to a temporary file and
//! renamed into place: concurrent runs never read half an entry. An entry is its key, a
//! checksum of its body and the body (bincode); one whose key or checksum does not match,
//! or that does not decode, is a miss.
//!
//! The cache lives in `.blindspot_cache/` at the project root (see [`default_dir`]), with a
//! `.gitignore` and a `CACHEDIR.TAG` so that git and backup tools leave it alone.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use blindspot_analysis::FactSet;
use blindspot_report::{Diagnostic, Notice};

/// The cache directory's name at a project root.
pub const DIR_NAME: &str = ".blindspot_cache";

/// What analyzing one package gave, before suppressions and configured levels.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Entry {
    pub diagnostics: Vec<Diagnostic>,
    pub notices: Vec<Notice>,
    /// The facts the package exports to its importers.
    pub facts: FactSet,
}

/// A cache directory for this build of blindspot.
pub struct Cache {
    root: PathBuf,
    /// `root/<version>`: entries of other versions are never read.
    dir: PathBuf,
    build: u128,
    /// Set after the first failed write, to warn once and stop trying.
    failed: AtomicBool,
}

/// One package's place in the cache and the key its entry must carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub slot: u128,
    pub key: u128,
}

impl Cache {
    pub fn new(root: PathBuf) -> Cache {
        let dir = root.join(env!("CARGO_PKG_VERSION"));
        Cache { root, dir, build: build_id(), failed: AtomicBool::new(false) }
    }

    /// A hasher seeded with this build's identity, for a package's key.
    pub fn hasher(&self) -> Xxh3 {
        let mut h = Xxh3::new();
        h.update(&self.build.to_le_bytes());
        h
    }

    /// This build's identity: what else the cache holds is valid only for it.
    pub fn build(&self) -> u128 {
        self.build
    }

    /// Where the blob `name` is kept.
    pub(crate) fn blob_path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The bytes stored as `name` ([`Cache::write_blob`]), if they are whole.
    pub fn read_blob(&self, name: &str) -> Option<Vec<u8>> {
        let bytes = fs::read(self.blob_path(name)).ok()?;
        let (sum, body) = bytes.split_first_chunk::<8>()?;
        (u64::from_le_bytes(*sum) == xxh3_64(body)).then(|| body.to_vec())
    }

    /// Stores `body` as `name`, with a checksum. Returns why it could not, the first time
    /// only, as [`Cache::put`] does.
    pub fn write_blob(&self, name: &str, body: &[u8]) -> Option<String> {
        let mut bytes = xxh3_64(body).to_le_bytes().to_vec();
        bytes.extend(body);
        self.write_file(&self.blob_path(name), &bytes)
    }

    /// Writes `bytes` to `path` through a temporary file renamed into place. Returns why it
    /// could not, the first time only: a run goes on without the cache rather than fail.
    fn write_file(&self, path: &Path, bytes: &[u8]) -> Option<String> {
        if self.failed.load(Ordering::Relaxed) {
            return None;
        }
        let written = self.ensure_dir().and_then(|()| {
            let mut tmp = tempfile_in(&self.dir)?;
            tmp.1.write_all(bytes)?;
            drop(tmp.1);
            fs::rename(&tmp.0, path).inspect_err(|_| {
                let _ = fs::remove_file(&tmp.0);
            })
        });
        match written {
            Ok(()) => None,
            Err(e) if !self.failed.swap(true, Ordering::Relaxed) => {
                Some(format!("cannot write the cache in {}: {e}; going on without it", self.root.display()))
            }
            Err(_) => None,
        }
    }

    fn path(&self, slot: u128) -> PathBuf {
        self.dir.join(format!("{slot:032x}"))
    }

    /// The entry stored for `key`, if its slot holds that key and decodes.
    pub fn get(&self, key: Key) -> Option<Entry> {
        let bytes = fs::read(self.path(key.slot)).ok()?;
        let (stored, rest) = bytes.split_first_chunk::<16>()?;
        let (sum, body) = rest.split_first_chunk::<8>()?;
        if u128::from_le_bytes(*stored) != key.key || u64::from_le_bytes(*sum) != xxh3_64(body) {
            return None;
        }
        bincode::deserialize(body).ok()
    }

    /// Stores `entry` under `key`. Returns why it could not, the first time only: a run
    /// goes on without the cache rather than fail.
    pub fn put(&self, key: Key, entry: &Entry) -> Option<String> {
        // An entry that does not encode is not stored; nothing to warn about.
        let body = bincode::serialize(entry).ok()?;
        let mut bytes = key.key.to_le_bytes().to_vec();
        bytes.extend(xxh3_64(&body).to_le_bytes());
        bytes.extend(body);
        self.write_file(&self.path(key.slot), &bytes)
    }

    fn ensure_dir(&self) -> io::Result<()> {
        if self.dir.is_dir() {
            return Ok(());
        }
        fs::create_dir_all(&self.dir)?;
        // Tell git and backup tools (https://bford.info/cachedir/) to leave it alone.
        let _ = fs::write(self.root.join(".gitignore"), "# Created by blindspot.\n*\n");
        let _ = fs::write(
            self.root.join("CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is blindspot's cache.\n",
        );
        Ok(())
    }
}

/// A new file in `dir` with a name no other run uses, and its path.
fn tempfile_in(dir: &Path) -> io::Result<(PathBuf, fs::File)> {
    use std::sync::atomic::AtomicU64;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!(".tmp-{}-{n}", std::process::id()));
    let file = fs::OpenOptions::new().write(true).create_new(true).open(&path)?;
    Ok((path, file))
}

/// This build of blindspot: its version, and the size and modification time of the running
/// executable, so that a rebuilt binary of the same version never reads stale results.
fn build_id() -> u128 {
    let mut h = Xxh3::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(meta) = std::env::current_exe().ok().and_then(|p| fs::metadata(p).ok()) {
        h.update(&meta.len().to_le_bytes());
        if let Ok(since) = meta.modified().map(|t| t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default()) {
            h.update(&since.as_nanos().to_le_bytes());
        }
    }
    h.digest128()
}

/// Where the cache goes when no directory is given: `.blindspot_cache/` in the closest
/// directory at or above `root` (the analyzed paths' common directory) that holds a
/// configuration file, `go.work`, `go.mod` or `.git`; in `root` itself when none does.
/// Running on a single file of a module thus shares the module's cache.
pub fn default_dir(root: &Path) -> PathBuf {
    const MARKERS: &[&str] = &["blindspot.toml", ".blindspot.toml", "go.work", "go.mod", ".git"];
    let project = root.ancestors().find(|d| MARKERS.iter().any(|m| d.join(m).exists())).unwrap_or(root);
    project.join(DIR_NAME)
}

/// Removes a cache directory. `Ok(false)` when there was none. Refuses a directory that
/// blindspot did not create (no `CACHEDIR.TAG` of ours), so a mistaken `--cache-dir`
/// cannot delete anything else.
pub fn clean(dir: &Path) -> io::Result<bool> {
    if !dir.exists() {
        return Ok(false);
    }
    let tag = fs::read_to_string(dir.join("CACHEDIR.TAG")).unwrap_or_default();
    if !tag.contains("blindspot") {
        return Err(io::Error::other(format!("{} is not a blindspot cache (no CACHEDIR.TAG of ours)", dir.display())));
    }
    fs::remove_dir_all(dir)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use blindspot_report::{Confidence, Label, Level, Span};

    fn entry() -> Entry {
        let span = Span { path: "a.go".into(), start: 1, end: 4 };
        let diagnostic = Diagnostic {
            rule: "BS202".to_string(),
            message: "m".to_string(),
            level: Level::Error,
            confidence: Confidence::High,
            primary: Label::new(span.clone(), "here"),
            secondary: vec![Label::new(span, "there")],
            suppression: None,
        };
        Entry { diagnostics: vec![diagnostic], notices: Vec::new(), facts: FactSet::default() }
    }

    #[test]
    fn an_entry_comes_back_only_under_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join(DIR_NAME));
        let key = Key { slot: 7, key: 42 };
        assert!(cache.get(key).is_none());
        assert_eq!(cache.put(key, &entry()), None);
        assert_eq!(cache.get(key).unwrap().diagnostics, entry().diagnostics);
        assert!(cache.get(Key { slot: 7, key: 43 }).is_none(), "a changed key is a miss");
        // The slot holds one entry: a new key replaces the old.
        cache.put(Key { slot: 7, key: 43 }, &Entry::default());
        assert!(cache.get(key).is_none());
        assert!(cache.get(Key { slot: 7, key: 43 }).unwrap().diagnostics.is_empty());
    }

    /// A cache in a temporary directory holding [`entry`] under `key`, and the entry's file.
    fn stored(key: Key) -> (tempfile::TempDir, Cache, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join(DIR_NAME));
        assert_eq!(cache.put(key, &entry()), None);
        let path = cache.path(key.slot);
        (dir, cache, path)
    }

    #[test]
    fn a_corrupt_entry_is_a_miss() {
        let key = Key { slot: 1, key: 2 };
        let (_dir, cache, path) = stored(key);
        let mut bytes = fs::read(&path).unwrap();
        bytes.truncate(bytes.len() / 2);
        fs::write(&path, bytes).unwrap();
        assert!(cache.get(key).is_none());
    }

    #[test]
    fn any_damaged_byte_is_a_miss() {
        let key = Key { slot: 3, key: 4 };
        let (_dir, cache, path) = stored(key);
        let good = fs::read(&path).unwrap();
        let mut misses = 0;
        for i in 16..good.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bad = good.clone();
                bad[i] ^= flip;
                fs::write(&path, &bad).unwrap();
                misses += usize::from(cache.get(key).is_none());
            }
        }
        // The checksum catches every damaged byte of the body.
        assert_eq!(misses, 3 * (good.len() - 16));
    }

    #[test]
    fn an_unwritable_cache_warns_once() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the directory should be: no permission trick, so it fails as root too.
        let blocked = dir.path().join("blocked");
        fs::write(&blocked, "").unwrap();
        let cache = Cache::new(blocked.join(DIR_NAME));
        let warning = cache.put(Key { slot: 1, key: 1 }, &entry());
        assert!(warning.is_some_and(|w| w.contains("cannot write the cache")));
        assert_eq!(cache.put(Key { slot: 2, key: 2 }, &entry()), None);
    }

    #[test]
    fn clean_removes_only_a_blindspot_cache() {
        let dir = tempfile::tempdir().unwrap();
        let cache_dir = dir.path().join(DIR_NAME);
        assert!(!clean(&cache_dir).unwrap());
        Cache::new(cache_dir.clone()).put(Key { slot: 1, key: 1 }, &entry());
        assert!(cache_dir.join(".gitignore").is_file());
        assert!(clean(&cache_dir).unwrap());
        assert!(!cache_dir.exists());
        let other = dir.path().join("src");
        fs::create_dir(&other).unwrap();
        assert!(clean(&other).is_err());
        assert!(other.exists());
    }

    #[test]
    fn the_default_dir_is_at_the_project_root() {
        let dir = tempfile::tempdir().unwrap();
        let module = dir.path().join("m");
        fs::create_dir_all(module.join("a/b")).unwrap();
        fs::write(module.join("go.mod"), "module m\n").unwrap();
        assert_eq!(default_dir(&module.join("a/b")), module.join(DIR_NAME));
    }
}
