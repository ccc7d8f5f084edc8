//! What reading each file gave in an earlier run, so that a run over an unchanged tree reads
//! no file it already knows: the package clause, the build constraint, whether it is
//! generated, its imports, the prefilter's words and the hash of its contents. A cached run
//! then costs one `stat` per file before the packages' cache entries are looked up.
//!
//! A file is known by its path, size, modification time and, on Unix, inode and change
//! time, as git's index knows it. A file modified less than [`RACY`] before the run that
//! recorded it is not recorded: a later write in the same clock tick could leave size and
//! times as they were. The memo is one file in the cache directory, written (to a
//! temporary file, then renamed) only when a run learned something; one that does not
//! decode, or that another build of blindspot wrote, is empty.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use blindspot_go::constraint::Constraint;
use blindspot_go::hash::{HashMap, HashMapExt};
use blindspot_go::load::{is_generated, main_constraint, LoadedFile};
use blindspot_go::modules::file_imports;

use crate::cache::Cache;
use crate::prefilter::{self, Words};

/// How recent a modification must be for a file not to be recorded.
const RACY: Duration = Duration::from_secs(2);

/// The memo's file name in the cache directory.
const FILE_NAME: &str = "files";

/// What reading one file gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    /// The package clause's name.
    pub name: String,
    /// [`main_constraint`].
    pub main: Option<Constraint>,
    pub constraint: Constraint,
    /// It says it is generated ([`is_generated`]).
    pub generated: bool,
    pub imports: Vec<String>,
    /// The prefilter's words, as bits.
    pub words: u64,
    /// XXH3-128 of the contents.
    pub hash: u128,
}

impl FileFacts {
    pub fn of(name: &str, file: &LoadedFile) -> FileFacts {
        FileFacts {
            name: name.to_string(),
            main: main_constraint(name, file),
            constraint: Constraint::of_file(&file.display, &file.text),
            generated: is_generated(&file.text),
            imports: file_imports(&file.text),
            words: prefilter::words(&file.text).bits(),
            hash: xxhash_rust::xxh3::xxh3_128(file.text.as_bytes()),
        }
    }

    pub fn words(&self) -> Words {
        Words::from_bits(self.words)
    }
}

/// What identifies a file's contents without reading them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    modified: u128,
    inode: u64,
    changed: i128,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        if !meta.is_file() {
            return None;
        }
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
        #[cfg(unix)]
        let (inode, changed) = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()))
        };
        #[cfg(not(unix))]
        let (inode, changed) = (0, 0);
        Some(Stamp { len: meta.len(), modified, inode, changed })
    }
}

#[derive(Default, Serialize, Deserialize)]
struct Stored {
    build: u128,
    files: Vec<(PathBuf, Stamp, FileFacts)>,
}

/// The files an earlier run read, and those this run reads.
pub struct Memo {
    known: HashMap<PathBuf, (Stamp, FileFacts)>,
    learned: Mutex<Vec<(PathBuf, Stamp, FileFacts)>>,
    /// Files modified after this are not recorded.
    settled: SystemTime,
    build: u128,
    /// Files read this run, and files known unchanged without reading.
    read: AtomicUsize,
    hits: AtomicUsize,
}

impl Memo {
    /// A memo that knows nothing and records nothing.
    pub fn empty() -> Memo {
        Memo::new(HashMap::new(), UNIX_EPOCH, 0)
    }

    fn new(known: HashMap<PathBuf, (Stamp, FileFacts)>, settled: SystemTime, build: u128) -> Memo {
        let (read, hits) = (AtomicUsize::new(0), AtomicUsize::new(0));
        Memo { known, learned: Mutex::new(Vec::new()), settled, build, read, hits }
    }

    /// The memo `cache` holds, if any.
    pub fn load(cache: &Cache) -> Memo {
        let build = cache.build();
        let stored: Stored = cache
            .read_blob(FILE_NAME)
            .and_then(|bytes| bincode::deserialize(&bytes).ok())
            .filter(|s: &Stored| s.build == build)
            .unwrap_or_default();
        let mut known = HashMap::with_capacity(stored.files.len());
        for (path, stamp, facts) in stored.files {
            known.insert(path, (stamp, facts));
        }
        let settled = SystemTime::now().checked_sub(RACY).unwrap_or(UNIX_EPOCH);
        Memo::new(known, settled, build)
    }

    /// What reading `path` gave last time, if it has not changed since.
    pub fn get(&self, path: &Path) -> Option<&FileFacts> {
        let (stamp, facts) = self.known.get(path)?;
        let now = Stamp::of(&std::fs::metadata(path).ok()?)?;
        (now == *stamp).then(|| {
            self.hits.fetch_add(1, Ordering::Relaxed);
            facts
        })
    }

    /// Records what reading `path` gave, unless it was modified too recently to tell a later
    /// change apart.
    pub fn put(&self, path: &Path, facts: &FileFacts) {
        self.read.fetch_add(1, Ordering::Relaxed);
        if self.build == 0 {
            return;
        }
        let Ok(meta) = std::fs::metadata(path) else { return };
        if meta.modified().map_or(true, |m| m > self.settled) {
            return;
        }
        let Some(stamp) = Stamp::of(&meta) else { return };
        if let Ok(mut learned) = self.learned.lock() {
            learned.push((path.to_path_buf(), stamp, facts.clone()));
        }
    }

    /// How many files this run read, and how many it knew unchanged without reading.
    pub fn counts(&self) -> (usize, usize) {
        (self.read.load(Ordering::Relaxed), self.hits.load(Ordering::Relaxed))
    }

    /// Writes what this run learned to `cache`, with what it knew before: files of other
    /// runs' patterns stay known. Returns why it could not, to warn about.
    pub fn save(self, cache: &Cache) -> Option<String> {
        let learned = self.learned.into_inner().unwrap_or_default();
        if learned.is_empty() {
            return None;
        }
        let mut files = self.known;
        for (path, stamp, facts) in learned {
            files.insert(path, (stamp, facts));
        }
        let mut files: Vec<(PathBuf, Stamp, FileFacts)> = files.into_iter().map(|(p, (s, f))| (p, s, f)).collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let bytes = bincode::serialize(&Stored { build: self.build, files }).ok()?;
        cache.write_blob(FILE_NAME, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn loaded(path: &Path) -> LoadedFile {
        let text = std::fs::read_to_string(path).unwrap();
        LoadedFile { path: path.to_path_buf(), display: Arc::from("a.go"), text: Arc::from(text), reported: true }
    }

    /// Sets a file's modification time well before the run, as a settled file has.
    fn settle(path: &Path) {
        let past = SystemTime::now() - Duration::from_secs(60);
        std::fs::File::options().write(true).open(path).unwrap().set_modified(past).unwrap();
    }

    #[test]
    fn a_settled_file_is_known_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("cache"));
        let go = dir.path().join("a.go");
        std::fs::write(&go, "package a\n\nimport \"C\"\n").unwrap();
        settle(&go);
        let memo = Memo::load(&cache);
        assert!(memo.get(&go).is_none());
        let facts = FileFacts::of("a", &loaded(&go));
        assert_eq!(facts.imports, ["C"]);
        memo.put(&go, &facts);
        assert_eq!(memo.save(&cache), None);

        let memo = Memo::load(&cache);
        assert_eq!(memo.get(&go), Some(&facts));
        std::fs::write(&go, "package b\n").unwrap();
        assert!(memo.get(&go).is_none(), "a changed file is read again");
    }

    /// A cache in `dir` whose memo has recorded `a.go` (`settled`: modified a minute ago) as
    /// a run would: read, put, saved. Returns the cache and the file.
    fn recorded(dir: &Path, settled: bool) -> (Cache, std::path::PathBuf) {
        let cache = Cache::new(dir.join("cache"));
        let go = dir.join("a.go");
        std::fs::write(&go, "package a\n").unwrap();
        if settled {
            settle(&go);
        }
        let memo = Memo::load(&cache);
        memo.put(&go, &FileFacts::of("a", &loaded(&go)));
        assert_eq!(memo.save(&cache), None);
        (cache, go)
    }

    #[test]
    fn a_file_modified_just_now_is_not_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, go) = recorded(dir.path(), false);
        assert!(Memo::load(&cache).get(&go).is_none());
    }

    #[test]
    fn a_damaged_memo_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, go) = recorded(dir.path(), true);
        assert!(Memo::load(&cache).get(&go).is_some());
        let blob = cache.blob_path(FILE_NAME);
        let mut bytes = std::fs::read(&blob).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&blob, bytes).unwrap();
        assert!(Memo::load(&cache).get(&go).is_none());
    }
}
