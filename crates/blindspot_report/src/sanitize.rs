//! Keeping terminal control characters from the analyzed code out of human-readable output.
//!
//! Analyzed files are untrusted: a string literal holding `ESC [2J` would clear the reader's
//! terminal, a lone `\r` would overwrite the start of a snippet line, and bidirectional
//! overrides (the "Trojan Source" trick) make a line display differently from what the
//! compiler reads. Such characters are shown as Rust-style escapes: `\x1b` becomes the six
//! characters `\u{1b}`. That form was chosen over Unicode control pictures (`␛`) because it
//! also covers C1 controls and bidi characters, which have no control pictures, and because
//! it is plain ASCII.
//!
//! Escaping changes lengths, so spans into the original text are mapped into the escaped copy
//! with [`SanitizedText::to_sanitized`].

use std::borrow::Cow;

/// Whether `c` must not reach a terminal raw.
///
/// `\n` and `\t` are layout the renderer handles itself. `char::is_control` is exactly C0,
/// DEL and C1 (U+0080..U+009F).
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// Embedding, override and isolate controls: the characters the Trojan Source paper
/// (CVE-2021-42574) uses to reorder how a line is displayed.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// One character of the original that was escaped or dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    orig_start: usize,
    orig_end: usize,
    new_start: usize,
    new_end: usize,
}

/// A copy of a text with every unsafe character escaped, plus the map from original byte
/// offsets to offsets in the copy.
#[derive(Debug, Clone)]
pub(crate) struct SanitizedText {
    text: String,
    /// In increasing order of both `orig_start` and `new_start`.
    edits: Vec<Edit>,
    orig_len: usize,
}

impl SanitizedText {
    pub fn new(orig: &str) -> SanitizedText {
        let mut text = String::with_capacity(orig.len());
        let mut edits = Vec::new();
        let mut chars = orig.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !is_unsafe(c) {
                text.push(c);
                continue;
            }
            let new_start = text.len();
            // A CR that ends a CRLF line is only a line terminator: dropping it keeps
            // Windows-style files readable instead of ending every line with `\u{d}`.
            let crlf = c == '\r' && matches!(chars.peek(), Some((_, '\n')));
            if !crlf {
                text.extend(c.escape_unicode());
            }
            edits.push(Edit { orig_start: i, orig_end: i + c.len_utf8(), new_start, new_end: text.len() });
        }
        SanitizedText { text, edits, orig_len: orig.len() }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Where original offset `orig` lands in the copy. Offsets past the end are clamped; an
    /// offset inside an escaped character maps to the start of its escape.
    pub fn to_sanitized(&self, orig: usize) -> usize {
        // Edits that end at or before `orig` fully precede it, so the copy between the last
        // such edit and `orig` is verbatim.
        let n = self.edits.partition_point(|e| e.orig_end <= orig);
        let mapped = match n.checked_sub(1).map(|i| self.edits[i]) {
            Some(e) => e.new_end + (orig - e.orig_end),
            None => orig,
        };
        // `orig` may be inside the next edit (a C1 control is two bytes) or past the end.
        let mapped = match self.edits.get(n) {
            Some(next) if next.orig_start < orig => next.new_start,
            _ => mapped,
        };
        mapped.min(self.text.len())
    }

    /// The inverse of [`to_sanitized`](Self::to_sanitized): an offset inside an escape maps
    /// to the start of the escaped character. Offsets past the end are clamped.
    pub fn to_original(&self, new: usize) -> usize {
        let n = self.edits.partition_point(|e| e.new_start <= new);
        let orig = match n.checked_sub(1).map(|i| self.edits[i]) {
            // A dropped CR has `new_start == new_end`; it maps to the LF after it.
            Some(e) if new < e.new_end => e.orig_start,
            Some(e) => e.orig_end + (new - e.new_end),
            None => new,
        };
        orig.min(self.orig_len)
    }
}

/// `s` with every unsafe character escaped; for messages and paths, which have no spans.
pub fn escape_control(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_unsafe) {
        Cow::Owned(SanitizedText::new(s).text)
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_keeps_layout() {
        let s = SanitizedText::new("a\x1b[31mb\tc\nd\re\u{7f}\u{85}\u{202e}");
        assert_eq!(s.as_str(), "a\\u{1b}[31mb\tc\nd\\u{d}e\\u{7f}\\u{85}\\u{202e}");
    }

    #[test]
    fn crlf_drops_the_cr() {
        let s = SanitizedText::new("ab\r\ncd\r\n");
        assert_eq!(s.as_str(), "ab\ncd\n");
        // `c` is at 4 in the original and 3 in the copy.
        assert_eq!(s.to_sanitized(4), 3);
        // The CR itself maps onto the LF that follows it.
        assert_eq!(s.to_sanitized(2), 2);
        assert_eq!(s.to_sanitized(3), 2);
        assert_eq!(s.to_original(3), 4);
        assert_eq!(s.to_original(2), 3);
    }

    #[test]
    fn offsets_after_escapes_shift_by_the_escape_length() {
        // ESC (1 byte) becomes `\u{1b}` (6 bytes): +5 for everything after it.
        let orig = "x\x1by = 1\u{85}z";
        let s = SanitizedText::new(orig);
        assert_eq!(s.as_str(), "x\\u{1b}y = 1\\u{85}z");
        let y = orig.find('y').unwrap();
        assert_eq!(&s.as_str()[s.to_sanitized(y)..s.to_sanitized(y) + 1], "y");
        // U+0085 is 2 bytes and becomes 6: `z` moves by 5 + 4.
        let z = orig.find('z').unwrap();
        assert_eq!(s.to_sanitized(z), z + 5 + 4);
        assert_eq!(&s.as_str()[s.to_sanitized(z)..], "z");
        // The escaped characters map to the start of their escapes.
        assert_eq!(s.to_sanitized(1), 1);
        assert_eq!(&s.as_str()[s.to_sanitized(z - 2)..s.to_sanitized(z)], "\\u{85}");
        // The middle byte of U+0085 is not a char boundary; it still maps somewhere sane.
        assert_eq!(s.to_sanitized(z - 1), s.to_sanitized(z - 2));
    }

    #[test]
    fn to_original_inverts_to_sanitized_at_char_boundaries() {
        let orig = "é\x1b😀\r\n\u{9b}x\ry";
        let s = SanitizedText::new(orig);
        for (i, _) in orig.char_indices().chain([(orig.len(), ' ')]) {
            let back = s.to_original(s.to_sanitized(i));
            // Only the CR of a CRLF is not a fixed point: it is folded into the LF.
            if &orig[i..] == "\r\n\u{9b}x\ry" {
                assert_eq!(back, i + 1);
            } else {
                assert_eq!(back, i, "offset {i}");
            }
        }
        // Inside an escape: back to the escaped character.
        assert_eq!(s.to_original(s.to_sanitized(2) + 3), 2);
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let s = SanitizedText::new("a\x01");
        assert_eq!(s.as_str(), "a\\u{1}");
        assert_eq!(s.to_sanitized(100), 6);
        assert_eq!(s.to_original(100), 2);
    }

    #[test]
    fn escape_control_borrows_clean_text() {
        assert!(matches!(escape_control("plain\ttext\n"), Cow::Borrowed(_)));
        assert_eq!(escape_control("bell\x07"), "bell\\u{7}");
    }
}
