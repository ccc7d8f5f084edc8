//! Packages made of in-memory files, for the tests of the passes.
#![allow(dead_code)] // each test binary uses its own share

use std::sync::Arc;

use blindspot_go::load::LoadedFile;
use blindspot_go::model::{Package, Span};

/// A package `p` of the given (name, text) files.
pub fn package(files: &[(&str, &str)]) -> Package {
    let loaded: Vec<LoadedFile> = files
        .iter()
        .map(|(name, text)| LoadedFile {
            path: name.into(),
            display: Arc::from(*name),
            text: Arc::from(*text),
            reported: true,
        })
        .collect();
    blindspot_go::build_package("p", Arc::from("."), &loaded)
}

/// A package of one file, `a.go`.
pub fn source(src: &str) -> Package {
    package(&[("a.go", src)])
}

/// The line of a span in a one-file package.
pub fn line_of(pkg: &Package, span: Span) -> usize {
    pkg.files[0].text[..span.start as usize].matches('\n').count() + 1
}
