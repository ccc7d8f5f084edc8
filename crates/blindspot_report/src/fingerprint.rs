//! `primaryLocationLineHash`, the partial fingerprint GitHub code scanning uses to recognise
//! the same alert across commits.
//!
//! This reimplements the rolling hash of GitHub's `codeql-action` (`src/fingerprints.ts`,
//! function `hash`), which the upload step runs on every result that lacks the fingerprint
//! and checks against the ones a tool supplies. Producing the identical value lets alerts
//! keep their identity whether or not the upload step can see the source. The algorithm:
//!
//! * The file is read as UTF-16 code units (the TypeScript reads it as a JavaScript string).
//! * Spaces and tabs are skipped entirely. `\r` and `\r\n` count as one `\n`; a `\n` right
//!   after a `\r` is skipped, but a space or tab in between clears that state.
//! * Every kept unit is appended to a window of the last 100 units with the polynomial
//!   rolling hash `h = 37*h + unit - 37^100 * evicted`, in wrapping 64-bit arithmetic (the
//!   TypeScript uses signed `Long`; two's complement makes it identical to `u64` wrapping).
//! * The hash of a line is the hash of the 100 kept units that start at the line's first
//!   kept unit. After the last unit the marker 65535 is fed (which itself starts one more
//!   line when the file ends with a newline), then zeros until every line has 100 units.
//! * The output is `{hash as lowercase hex, no padding}:{n}` where `n` counts how many lines
//!   up to and including this one had the same hash.
//!
//! One caveat: the hash is over the text in [`Sources`](crate::Sources). If the loader
//! changed it (a removed byte order mark, lossy UTF-8 repair) the value differs from the one
//! computed over the raw file; the upload step then keeps ours and only logs a warning.

use std::collections::HashMap;

const BLOCK_SIZE: usize = 100;
const MOD: u64 = 37;
/// What the TypeScript feeds after the last character.
const EOF: u16 = 0xFFFF;

/// `MOD^BLOCK_SIZE` in wrapping arithmetic: the weight of the unit leaving the window.
fn first_mod() -> u64 {
    (0..BLOCK_SIZE).fold(1u64, |acc, _| acc.wrapping_mul(MOD))
}

/// The rolling-hash state, fed one UTF-16 unit at a time.
struct Hasher {
    window: [u16; BLOCK_SIZE],
    /// The line number that starts at each window slot, if any.
    line_at: [Option<usize>; BLOCK_SIZE],
    index: usize,
    hash: u64,
    first_mod: u64,
    line: usize,
    at_line_start: bool,
    prev_cr: bool,
    seen: HashMap<u64, usize>,
    /// `out[i]` is the fingerprint of line `i + 1`.
    out: Vec<String>,
}

impl Hasher {
    fn new() -> Hasher {
        Hasher {
            window: [0; BLOCK_SIZE],
            line_at: [None; BLOCK_SIZE],
            index: 0,
            hash: 0,
            first_mod: first_mod(),
            line: 0,
            at_line_start: true,
            prev_cr: false,
            seen: HashMap::new(),
            out: Vec::new(),
        }
    }

    fn feed(&mut self, unit: u16) {
        let is_lf = unit == u16::from(b'\n');
        if unit == u16::from(b' ') || unit == u16::from(b'\t') || (self.prev_cr && is_lf) {
            self.prev_cr = false;
            return;
        }
        self.prev_cr = unit == u16::from(b'\r');
        let unit = if self.prev_cr { u16::from(b'\n') } else { unit };
        // The slot about to be overwritten held the start of a line 100 units ago: that
        // line's window is now complete.
        self.emit_if_line_complete();
        if self.at_line_start {
            self.at_line_start = false;
            self.line += 1;
            self.line_at[self.index] = Some(self.line);
        }
        if unit == u16::from(b'\n') {
            self.at_line_start = true;
        }
        self.push(unit);
    }

    fn push(&mut self, unit: u16) {
        let evicted = std::mem::replace(&mut self.window[self.index], unit);
        self.hash = MOD
            .wrapping_mul(self.hash)
            .wrapping_add(u64::from(unit))
            .wrapping_sub(self.first_mod.wrapping_mul(u64::from(evicted)));
        self.index = (self.index + 1) % BLOCK_SIZE;
    }

    fn emit_if_line_complete(&mut self) {
        if self.line_at[self.index].take().is_some() {
            // Lines complete in order, so `out` stays indexed by line number.
            let n = self.seen.entry(self.hash).or_insert(0);
            *n += 1;
            self.out.push(format!("{:x}:{}", self.hash, n));
        }
    }

    fn finish(mut self) -> Vec<String> {
        self.feed(EOF);
        for _ in 0..BLOCK_SIZE {
            self.emit_if_line_complete();
            self.push(0);
        }
        self.out
    }
}

/// The fingerprint of every line of `text`: element `i` belongs to line `i + 1`. Lines are
/// counted as the upload step counts them (`\r` alone also ends a line), and a text ending
/// in a line break has one extra, final line.
pub(crate) fn line_hashes(text: &str) -> Vec<String> {
    let mut hasher = Hasher::new();
    for unit in text.encode_utf16() {
        hasher.feed(unit);
    }
    hasher.finish()
}

/// GitHub's `primaryLocationLineHash` for 1-based `line` of `text`, exactly as
/// `codeql-action` computes it. A line outside the text is clamped to the first or last line.
pub fn primary_location_line_hash(text: &str, line: usize) -> String {
    let hashes = line_hashes(text);
    // The EOF marker always starts a line, so there is at least one.
    let i = line.clamp(1, hashes.len()) - 1;
    hashes[i].clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every expected value below was produced by running the hash function of
    // github/codeql-action src/fingerprints.ts (transcribed to plain JavaScript, using the
    // same "long" npm package and reading the file with fs.createReadStream(path, "utf8"))
    // under node v20, and cross-checked with an independent BigInt version.

    #[test]
    fn short_file() {
        assert_eq!(primary_location_line_hash("package main\n", 1), "afb1528ffcd4a476:1");
        // The line the EOF marker starts.
        assert_eq!(primary_location_line_hash("package main\n", 2), "c129715d7a2bc9a3:1");
    }

    #[test]
    fn empty_file_has_one_line() {
        assert_eq!(line_hashes(""), ["c129715d7a2bc9a3:1"]);
    }

    #[test]
    fn crlf_blank_lines_indentation_and_non_ascii() {
        let text = "a\r\nb\r\n\r\nfoo()\n  foo()\n\tfoo()\nx := \"é😀\"\n";
        assert_eq!(
            line_hashes(text),
            [
                "848f18cdfbc35fc8:1",
                "d9a2fdb2c51a2ae9:1",
                "a15be2e21312b70d:1",
                "5a27a4a6c293e277:1",
                "8161399ad619ebd0:1",
                "817a66f6f1ea22b1:1",
                "4bb8fcf75eb7195a:1",
                "c129715d7a2bc9a3:1",
            ]
        );
    }

    #[test]
    fn lone_cr_ends_a_line_and_hex_is_not_padded() {
        // `\r \n`: the space clears the CR state, so the LF starts another (empty) line.
        let text = "x\ry\r \nz\n\n\n";
        assert_eq!(
            line_hashes(text),
            [
                "74ce42e62e14180a:1",
                "5321a87fedd60b38:1",
                "f71d568fed7c4e1:1",
                "4353b226d60ee21b:1",
                "5b5d4caf73a13177:1",
                "3c5bef55b72b93c9:1",
                "c129715d7a2bc9a3:1",
            ]
        );
    }

    #[test]
    fn identical_windows_are_counted() {
        // 60 lines of `x`: the first 11 lines see the same 100 units.
        let text = "x\n".repeat(60);
        let hashes = line_hashes(&text);
        for (i, h) in hashes.iter().take(11).enumerate() {
            assert_eq!(h, &format!("c0fe7b2700d6c254:{}", i + 1));
        }
        assert_eq!(hashes[11], "c0fe7b2700fbb0cd:1");
        assert_eq!(hashes[12], "c0fe7b27c655f603:1");
        assert_eq!(primary_location_line_hash(&text, 4), "c0fe7b2700d6c254:4");
    }

    #[test]
    fn byte_order_mark_is_hashed() {
        assert_eq!(primary_location_line_hash("\u{feff}package main\n", 1), "bac0d04b3b090261:1");
    }

    #[test]
    fn lines_out_of_range_are_clamped() {
        assert_eq!(primary_location_line_hash("package main\n", 0), "afb1528ffcd4a476:1");
        assert_eq!(primary_location_line_hash("package main\n", 99), "c129715d7a2bc9a3:1");
    }
}
