//! Spans resolved against the text of their file, shared by the machine-readable renderers.

use crate::{Position, Sources, Span};

/// A span whose offsets have been checked against its file's text.
///
/// Rules compute spans from syntax trees, so they are normally valid; clamping here means a
/// stale or hand-made span degrades to a nearby location instead of a panic.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolved<'a> {
    pub path: &'a str,
    /// The file's text; `None` when [`Sources`] does not hold the file.
    pub text: Option<&'a str>,
    pub byte_start: usize,
    /// Never smaller than `byte_start`.
    pub byte_end: usize,
    /// Present exactly when `text` is.
    pub start: Option<Position>,
    /// Exclusive: the position just after the last character of the span.
    pub end: Option<Position>,
}

impl Resolved<'_> {
    /// The spanned text, when the file is known.
    pub fn snippet(&self) -> Option<&str> {
        self.text.map(|t| &t[self.byte_start..self.byte_end])
    }
}

pub(crate) fn resolve<'a>(sources: &'a Sources, span: &'a Span) -> Resolved<'a> {
    let path = &*span.path;
    let Some(file) = sources.get(path) else {
        // Without the text nothing can be clamped; only keep the range well-formed.
        return Resolved {
            path,
            text: None,
            byte_start: span.start,
            byte_end: span.end.max(span.start),
            start: None,
            end: None,
        };
    };
    let text = &*file.text;
    let byte_start = floor_char_boundary(text, span.start);
    let byte_end = floor_char_boundary(text, span.end).max(byte_start);
    Resolved {
        path,
        text: Some(text),
        byte_start,
        byte_end,
        start: Some(file.position(byte_start)),
        end: Some(file.position(byte_end)),
    }
}

/// The largest char boundary of `text` that is not after `offset`; the same rule
/// [`position`] applies, so offsets and line/column always agree.
pub(crate) fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn sources(text: &str) -> Sources {
        let mut s = Sources::new();
        s.add("a.go".into(), text.into());
        s
    }

    fn span(start: usize, end: usize) -> Span {
        Span { path: Arc::from("a.go"), start, end }
    }

    #[test]
    fn clamps_offsets_past_the_end_and_inside_chars() {
        let src = sources("aé\n");
        let sp = span(2, 99);
        let r = resolve(&src, &sp);
        // 2 is inside `é` (bytes 1..3): it moves back to 1.
        assert_eq!((r.byte_start, r.byte_end), (1, 4));
        assert_eq!(r.start.unwrap().column, 2);
        assert_eq!(r.end.unwrap().line, 2);
        assert_eq!(r.snippet(), Some("é\n"));
    }

    #[test]
    fn reversed_span_becomes_empty() {
        let src = sources("abc");
        let sp = span(2, 1);
        let r = resolve(&src, &sp);
        assert_eq!((r.byte_start, r.byte_end), (2, 2));
    }

    #[test]
    fn missing_file_keeps_offsets_without_positions() {
        let sp = Span { path: Arc::from("gone.go"), start: 5, end: 3 };
        let empty = Sources::new();
        let r = resolve(&empty, &sp);
        assert_eq!((r.byte_start, r.byte_end), (5, 5));
        assert!(r.start.is_none() && r.end.is_none() && r.snippet().is_none());
    }
}
