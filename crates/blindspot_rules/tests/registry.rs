//! Rule metadata has one source: `rules/*.md`. Every registered rule has a document, every
//! document has a registered rule, and ids and names are the catalogue's.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use blindspot_rules::{metas, parse_rule_doc, Check, REGISTRY};

/// The fixed ids and names of the rule catalogue; a rule may grow, its id and name do not
/// change.
const CATALOGUE: &[(&str, &str)] = &[
    // About the suppression directives themselves, not races (ruff's RUF100 family).
    ("BS001", "invalid-suppression"),
    ("BS002", "unused-suppression"),
    ("BS101", "cgo-shared-c-memory"),
    ("BS102", "cgo-go-memory-in-c"),
    ("BS103", "cgo-callback-state"),
    ("BS201", "syscall-shared-buffer"),
    ("BS202", "syscall-uintptr-escape"),
    ("BS203", "mmap-shared-memory"),
    ("BS301", "signal-handler-mutation"),
    ("BS302", "finalizer-shared-state"),
    ("BS401", "norace-shared-access"),
    ("BS402", "asm-shared-memory"),
];

fn rules_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

#[test]
fn every_doc_has_a_rule_and_every_rule_a_doc() {
    let docs: BTreeSet<String> = fs::read_dir(rules_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .map(|n| n.trim_end_matches(".md").to_string())
        .collect();
    let registered: BTreeSet<String> = REGISTRY.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(docs, registered, "rules/*.md and the registry disagree");
}

#[test]
fn embedded_docs_are_the_files_and_parse() {
    for rule in REGISTRY {
        let on_disk = fs::read_to_string(rules_dir().join(format!("{}.md", rule.id))).unwrap();
        assert_eq!(rule.doc, on_disk, "{} embeds a stale document", rule.id);
        let meta = parse_rule_doc(rule.doc).unwrap_or_else(|e| panic!("{}: {e}", rule.id));
        assert_eq!(meta.id, rule.id);
        let name = CATALOGUE.iter().find(|(id, _)| *id == rule.id).map(|(_, n)| *n);
        assert_eq!(Some(meta.name.as_str()), name, "{} is not in the catalogue under this name", rule.id);
        assert!(meta.doc_markdown.starts_with(&format!("# {} {}", meta.id, meta.name)), "{} doc title", rule.id);
        assert!(!meta.summary.is_empty() && !meta.tags.is_empty());
        assert!(meta.doc_markdown.contains("## Not reported"), "{} documents its non-findings", rule.id);
    }
}

#[test]
fn registry_is_in_id_order_without_duplicates() {
    let ids: Vec<&str> = REGISTRY.iter().map(|r| r.id).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted);
    assert_eq!(metas().len(), REGISTRY.len());
}

/// The prefilter parses no package that matches no rule's trigger: a package rule without
/// one would never run on code that does not import or mention anything else's.
#[test]
fn every_package_rule_has_a_trigger() {
    for rule in REGISTRY {
        let t = rule.trigger;
        let empty = t.imports.is_empty() && t.words.is_empty() && !t.assembly;
        match rule.check {
            Check::Package(_) => assert!(!empty, "{} has no trigger", rule.id),
            Check::Suppressions => assert!(empty, "{} runs on directives, not on packages", rule.id),
        }
    }
}
