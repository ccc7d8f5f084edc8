//! The generated tree: a module of hundreds of packages, the same ordinary code in both
//! shapes, and trigger files in one package in ten (few triggers) or in every package.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use rayon::prelude::*;

use crate::templates::*;
use crate::trigger_templates::*;
use crate::MODULE;

const SEED: u64 = 0x05ca_1e0f_b11d_5907;

// --- Random numbers (no dependency; the tree must be the same on every run) -----------

pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(a: u64, b: u64) -> Rng {
        let mut r = Rng(SEED ^ a.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ b.wrapping_mul(0xc2b2_ae3d_27d4_eb4f));
        r.next();
        r
    }

    /// splitmix64.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// --- The generated tree ----------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    FewTriggers,
    AllTriggers,
}

impl Shape {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Shape::FewTriggers => "few triggers",
            Shape::AllTriggers => "all triggers",
        }
    }

    pub(crate) fn trigger(self, p: usize) -> Option<Trigger> {
        match self {
            Shape::FewTriggers => (p % 10 == 3).then(|| KINDS[(p / 10) % KINDS.len()]),
            Shape::AllTriggers => Some(KINDS[p % KINDS.len()]),
        }
    }

    /// The cold-run target, as a multiple of the parse-only time.
    pub(crate) fn cold_target(self) -> f64 {
        match self {
            Shape::FewTriggers => 0.8,
            Shape::AllTriggers => 1.3,
        }
    }
}

/// One package of the tree, decided before any file is written.
pub(crate) struct PackagePlan {
    pub(crate) trigger: Option<Trigger>,
    /// Its ordinary code takes locks and starts goroutines (a third of the packages).
    pub(crate) concurrent: bool,
    pub(crate) deps: Vec<usize>,
    /// Files besides the test file, the first being the package's API (`pkgNNN.go`).
    pub(crate) files: usize,
    pub(crate) test: bool,
}

pub(crate) fn package_name(p: usize) -> String {
    format!("pkg{p:03}")
}

/// Plans `count` packages. The content of a package depends only on its index (not on
/// the shape), so both shapes hold the same ordinary code; only the trigger files and the
/// imports differ.
pub(crate) fn plan(shape: Shape, count: usize) -> Vec<PackagePlan> {
    (0..count)
        .map(|p| {
            let mut rng = Rng::new(1, p as u64);
            let concurrent = rng.chance(0.33);
            let files = rng.range(3, 10);
            let test = rng.chance(0.5);
            // Imports, from their own stream: 1-4 earlier packages. With few triggers, a
            // package imports a trigger package only rarely (one in twelve may).
            let mut deps_rng = Rng::new(2, p as u64);
            let wanted = deps_rng.range(1, 4).min(p);
            let may_import_trigger = shape == Shape::AllTriggers || deps_rng.chance(0.08);
            let mut deps = Vec::new();
            let mut triggers = 0;
            for _ in 0..wanted * 20 {
                if deps.len() == wanted {
                    break;
                }
                let d = deps_rng.below(p);
                let is_trigger = shape.trigger(d).is_some();
                if deps.contains(&d)
                    || (is_trigger && shape == Shape::FewTriggers && (!may_import_trigger || triggers > 0))
                {
                    continue;
                }
                triggers += usize::from(is_trigger);
                deps.push(d);
            }
            deps.sort_unstable();
            PackagePlan { trigger: shape.trigger(p), concurrent, deps, files, test }
        })
        .collect()
}

/// A Go file being built: its imports are collected from what its fragments use.
#[derive(Default)]
pub(crate) struct GoFile {
    pub(crate) imports: BTreeSet<String>,
    pub(crate) cgo_preamble: Option<String>,
    pub(crate) body: String,
}

impl GoFile {
    pub(crate) fn add(&mut self, imports: &[&str], text: &str) {
        self.imports.extend(imports.iter().map(|i| i.to_string()));
        self.body.push_str(text);
        self.body.push('\n');
    }

    pub(crate) fn render(&self, pkg: &str, doc: Option<&str>) -> String {
        let mut s = String::with_capacity(self.body.len() + 1024);
        s.push_str(
            "// Copyright 2024 The Bench Authors. All rights reserved.\n// Use of this source code is governed by a \
             BSD-style license that can be\n// found in the LICENSE file.\n\n",
        );
        if let Some(doc) = doc {
            s.push_str(doc);
        }
        let _ = writeln!(s, "package {pkg}\n");
        if let Some(preamble) = &self.cgo_preamble {
            let _ = writeln!(s, "/*\n{preamble}*/\nimport \"C\"\n");
        }
        let (local, std): (Vec<&String>, Vec<&String>) = self.imports.iter().partition(|i| i.starts_with(MODULE));
        match (std.len(), local.len()) {
            (0, 0) => {}
            (1, 0) => {
                let _ = writeln!(s, "import \"{}\"\n", std[0]);
            }
            _ => {
                s.push_str("import (\n");
                for i in &std {
                    let _ = writeln!(s, "\t\"{i}\"");
                }
                if !std.is_empty() && !local.is_empty() {
                    s.push('\n');
                }
                for i in &local {
                    let _ = writeln!(s, "\t\"{i}\"");
                }
                s.push_str(")\n\n");
            }
        }
        s.push_str(&self.body);
        s
    }
}

/// Fills a template's placeholders.
pub(crate) fn fill(text: &str, ty: &str, n: usize, lower: &str, k: usize) -> String {
    text.replace("@T", ty).replace("@N", &n.to_string()).replace("@lower", lower).replace("@K", &k.to_string())
}

/// Generates the files of one package.
pub(crate) struct PackageGen<'a> {
    pub(crate) plans: &'a [PackagePlan],
    pub(crate) p: usize,
    pub(crate) name: String,
}

impl PackageGen<'_> {
    pub(crate) fn plan(&self) -> &PackagePlan {
        &self.plans[self.p]
    }

    /// One ordinary fragment, numbered `n`.
    pub(crate) fn fragment(&self, rng: &mut Rng, file: &mut GoFile, n: usize) {
        let noun = rng.pick(NOUNS);
        let ty = format!("{noun}{n}");
        let lower = noun.to_lowercase();
        let k = rng.range(10, 1 << 20);
        let concurrent = [REGISTRY, POOL, CACHE];
        let plain =
            [RECORD, RECORD, RECORD, CODEC, ROWS, ROWS, STATE, STATE, STORE, STORE, PARSE, PARSE, ONCE, TABLE, TABLE];
        let template = if self.plan().concurrent && rng.chance(0.3) { rng.pick(&concurrent) } else { rng.pick(&plain) };
        let mut text = fill(template.text, &ty, n, &lower, k);
        if text.contains("@FIELDS") {
            let mut fields = String::new();
            for _ in 0..rng.range(0, 5) {
                let (f, t) = rng.pick(EXTRA_FIELDS);
                if !fields.contains(&format!("\t{f} ")) {
                    let _ = writeln!(fields, "\t{f:<8} {t}");
                }
            }
            text = text.replace("@FIELDS", &fields);
        }
        if text.contains("@ROWS") {
            let mut rows = String::new();
            let tags = ["edge", "eu", "us", "batch", "canary", "internal", "legacy"];
            for r in 0..rng.range(8, 40) {
                let _ = writeln!(
                    rows,
                    "\t{{Name: \"{lower}-{r}\", Limit: {}, Weight: {:.2}, Enabled: {}, Tags: []string{{\"{}\", \"{}\"}}}},",
                    rng.range(1, 5000),
                    rng.unit() * 2.0,
                    rng.chance(0.8),
                    rng.pick(&tags),
                    rng.pick(&tags),
                );
            }
            text = text.replace("@ROWS", &rows);
        }
        file.add(template.imports, &text);
    }

    /// A function calling the exported API of some of the package's imports.
    pub(crate) fn link(&self, rng: &mut Rng, file: &mut GoFile, n: usize, deps: &[usize]) {
        let mut text = format!(
            "// link{n} weighs names with the packages this one builds on.\nfunc link{n}(names []string) \
             map[string]int {{\n\tout := make(map[string]int, len(names))\n\tfor _, n := range names {{\n\t\tw := \
             len(n)\n"
        );
        let mut imports = Vec::new();
        for &d in deps {
            let dep = package_name(d);
            if rng.chance(0.5) {
                let _ = writeln!(text, "\t\tw += {dep}.Score(n) % 101");
            } else {
                let _ = writeln!(text, "\t\tw += len({dep}.Describe(w))");
            }
            imports.push(format!("{MODULE}/{dep}"));
        }
        text.push_str("\t\tout[n] = w\n\t}\n\treturn out\n}\n");
        let imports: Vec<&str> = imports.iter().map(String::as_str).collect();
        file.add(&imports, &text);
    }

    /// Adds ordinary fragments (and, in one file in two, a call into the imports) until the
    /// file reaches `size` bytes; fragments are numbered from `*n`.
    pub(crate) fn pad(&self, rng: &mut Rng, file: &mut GoFile, n: &mut usize, size: usize) {
        let deps = &self.plan().deps;
        if !deps.is_empty() && rng.chance(0.5) {
            let a = *rng.pick(deps);
            let b = *rng.pick(deps);
            let chosen: Vec<usize> = if a == b { vec![a] } else { vec![a, b] };
            self.link(rng, file, *n, &chosen);
            *n += 1;
        }
        while file.body.len() < size {
            self.fragment(rng, file, *n);
            *n += 1;
        }
    }

    /// The package's API file: `Score` (which calls into every import), `Describe`, and
    /// uses of the trigger packages it imports.
    pub(crate) fn api_file(&self, rng: &mut Rng, n: &mut usize, size: usize) -> GoFile {
        let mut file = GoFile::default();
        file.add(API.imports, &fill(API.text, "", self.p, "", 0));
        let mut score = String::from(
            "// Score weighs a string: its own hash, and what the packages it builds on make of it.\nfunc Score(s \
             string) int {\n\th := 0\n\tfor _, c := range s {\n\t\th = h*31 + int(c)\n\t}\n",
        );
        let mut imports = Vec::new();
        for &d in &self.plan().deps {
            let dep = package_name(d);
            let _ = writeln!(score, "\th += len({dep}.Describe(h % 1000))");
            imports.push(format!("{MODULE}/{dep}"));
        }
        score.push_str("\treturn h & 0x7fffffff\n}\n");
        let refs: Vec<&str> = imports.iter().map(String::as_str).collect();
        file.add(&refs, &score);
        for &d in &self.plan().deps {
            if let Some(kind) = self.plans[d].trigger {
                let (imports, text) = trigger_use(kind);
                file.add(imports, &fill(text, "", *n, "", 0).replace("@dep", &package_name(d)));
                *n += 1;
            }
        }
        self.pad(rng, &mut file, n, size);
        file
    }

    pub(crate) fn trigger_file(
        &self,
        kind: Trigger,
        rng: &mut Rng,
        n: &mut usize,
        size: usize,
    ) -> (&'static str, GoFile) {
        let mut file = GoFile::default();
        let (name, template) = match kind {
            Trigger::Cgo => {
                file.cgo_preamble = Some(CGO_PREAMBLE.to_string());
                ("cbuffer.go", CGO)
            }
            Trigger::Syscall => ("sysio.go", SYSCALL),
            Trigger::Signal => ("signals.go", SIGNAL),
            Trigger::Finalizer => ("handle.go", FINALIZER),
        };
        file.add(template.imports, template.text);
        self.pad(rng, &mut file, n, size);
        (name, file)
    }

    /// Writes the package into `root`; returns (files, bytes) of Go source written.
    pub(crate) fn write(&self, root: &Path) -> (usize, u64) {
        let dir = root.join(&self.name);
        fs::create_dir_all(&dir).unwrap();
        let plan = self.plan();
        let mut written = (0, 0);
        let mut emit = |name: &str, text: String| {
            written.0 += 1;
            written.1 += text.len() as u64;
            fs::write(dir.join(name), text).unwrap();
        };
        // Every file has its own random stream and numbering, so a file is the same in
        // both shapes unless it is the trigger file.
        let names: Vec<&str> = {
            let mut rng = Rng::new(3, self.p as u64);
            let mut names = FILE_NAMES.to_vec();
            for i in (1..names.len()).rev() {
                names.swap(i, rng.below(i + 1));
            }
            names
        };
        for f in 0..plan.files {
            let mut rng = Rng::new(4, (self.p as u64) << 8 | f as u64);
            // Sizes between 5 and 40 KB, most of them small (a mean near 19 KB).
            let size = 5_000 + (35_000.0 * rng.unit().powf(1.6)) as usize;
            let mut n = f * 100;
            if f == 0 {
                let doc = format!(
                    "// Package {} is one package of the generated scale benchmark: records, codecs,\n// tables and \
                     parsers built on the packages it imports.\n",
                    self.name
                );
                let text = self.api_file(&mut rng, &mut n, size).render(&self.name, Some(&doc));
                emit(&format!("{}.go", self.name), text);
            } else if let (Some(kind), true) = (plan.trigger, f == plan.files - 1) {
                let (name, file) = self.trigger_file(kind, &mut rng, &mut n, size);
                emit(name, file.render(&self.name, None));
            } else {
                let mut file = GoFile::default();
                self.pad(&mut rng, &mut file, &mut n, size);
                emit(names[f - 1], file.render(&self.name, None));
            }
        }
        if plan.test {
            let mut file = GoFile::default();
            file.add(TEST.imports, TEST.text);
            emit(&format!("{}_test.go", self.name), file.render(&self.name, None));
        }
        written
    }
}

/// What the prefilter would find in a file's text (its lists, `src/prefilter.rs`): a
/// trigger import or word, or a goroutine or lock.
pub(crate) fn mentions_trigger(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "import \"C\"",
        "\"syscall\"",
        "\"golang.org/x/sys/",
        "\"os/signal\"",
        "SetFinalizer",
        "AddCleanup",
        "go:norace",
        "go:uintptrescapes",
        "go:linkname",
        "//export",
        ".Go(",
        ".Lock()",
        ".RLock()",
    ];
    WORDS.iter().any(|w| text.contains(w))
        || ["\tgo ", " go ", "{go ", ";go ", ":go ", "\ngo "].iter().any(|w| text.contains(w))
}

/// What was generated.
pub(crate) struct Tree {
    pub(crate) packages: usize,
    pub(crate) trigger_packages: usize,
    pub(crate) concurrent_packages: usize,
    /// Packages without a trigger that import one that has one.
    pub(crate) trigger_importers: usize,
    /// Packages whose text the prefilter finds nothing in.
    pub(crate) quiet_packages: usize,
    pub(crate) depth: usize,
    pub(crate) files: usize,
    pub(crate) bytes: u64,
}

/// Writes the tree of `shape` with `packages` packages into `root`.
pub(crate) fn generate(root: &Path, shape: Shape, packages: usize) -> Tree {
    fs::write(root.join("go.mod"), format!("module {MODULE}\n\ngo 1.22\n")).unwrap();
    let plans = plan(shape, packages);
    let written: Vec<(usize, u64, bool)> = (0..packages)
        .into_par_iter()
        .map(|p| {
            let generator = PackageGen { plans: &plans, p, name: package_name(p) };
            let (files, bytes) = generator.write(root);
            let quiet = fs::read_dir(root.join(&generator.name))
                .unwrap()
                .flatten()
                .all(|e| !mentions_trigger(&fs::read_to_string(e.path()).unwrap()));
            (files, bytes, quiet)
        })
        .collect();
    for (p, plan) in plans.iter().enumerate() {
        let quiet = written[p].2;
        // The generator's own check: a package is quiet exactly when it has neither a
        // trigger nor concurrent code.
        assert_eq!(quiet, plan.trigger.is_none() && !plan.concurrent, "package {p}: the prefilter would see it");
    }
    let mut depth = vec![0; packages];
    for p in 0..packages {
        depth[p] = 1 + plans[p].deps.iter().map(|&d| depth[d]).max().unwrap_or(0);
    }
    Tree {
        packages,
        trigger_packages: plans.iter().filter(|p| p.trigger.is_some()).count(),
        concurrent_packages: plans.iter().filter(|p| p.concurrent).count(),
        trigger_importers: plans
            .iter()
            .filter(|p| p.trigger.is_none() && p.deps.iter().any(|&d| plans[d].trigger.is_some()))
            .count(),
        quiet_packages: written.iter().filter(|w| w.2).count(),
        depth: depth.iter().copied().max().unwrap_or(0),
        files: written.iter().map(|w| w.0).sum(),
        bytes: written.iter().map(|w| w.1).sum(),
    }
}
