//! What a package's Go assembly (`.s`) files tell: the functions they define, and whether
//! each may write memory it was handed.
//!
//! A function is `TEXT ·name(SB), ...` up to the next `TEXT`. Its body *only reads* when no
//! instruction in it can store through a register: every memory destination is the frame
//! (`ret+24(FP)`, `8(SP)`) or a global (`·table(SB)`), and it calls, tail-jumps to or
//! expands nothing blindspot cannot read (another function, a macro). Anything not
//! understood counts as a write, so a mistake here only costs a finding of an access
//! that truly only reads, never hides a writing one. `memhash`-like loops, `IndexByte`,
//! checksums and comparisons come out read-only; `INCL (DI)(AX*4)`, `MOVOU X0, (DI)`,
//! `STP (R1, R2), 16(R0)`, `REP; STOSQ` and `CALL runtime·memmove(SB)` do not.

/// A function an assembly file defines for its package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsmFunc {
    pub name: String,
    /// Whether its body may store through a pointer (see the module's doc).
    pub writes: bool,
}

/// The functions `text` defines for its own package, in order: `TEXT ·name(SB)`, also
/// with an ABI selector (`·name<ABIInternal>(SB)`) or a package path before the middle dot.
pub fn functions(text: &str) -> Vec<AsmFunc> {
    let macros = defined_macros(text);
    let mut out: Vec<AsmFunc> = Vec::new();
    // The index in `out` of the function whose body the lines are in, if any.
    let mut current: Option<usize> = None;
    let mut in_comment = false;
    let mut in_define = false;
    for raw in text.lines() {
        let line = strip_comments(raw, &mut in_comment);
        let line = line.trim();
        // A `#define` body (continued with `\`) is not an instruction of the function.
        if in_define || line.starts_with("#define") {
            in_define = line.ends_with('\\');
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut body = line;
        if let Some(rest) = line.strip_prefix("TEXT").filter(|r| r.starts_with([' ', '\t'])) {
            current = text_symbol(rest).map(|name| {
                out.push(AsmFunc { name, writes: false });
                out.len() - 1
            });
            // `TEXT ·f(SB),NOSPLIT,$0-0; JMP g(SB)`: a body on the same line.
            body = rest.split_once(';').map_or("", |(_, after)| after);
        }
        let Some(f) = current else { continue };
        if !out[f].writes && body.split(';').any(|stmt| may_write(strip_label(stmt.trim()), &macros)) {
            out[f].writes = true;
        }
    }
    out
}

/// The function name of a `TEXT` line's symbol, when it is one of the package's own.
fn text_symbol(rest: &str) -> Option<String> {
    let symbol = rest.trim_start().split(['(', ',', ' ', '\t']).next().unwrap_or("");
    let (_, name) = symbol.rsplit_once('\u{b7}')?;
    let name = name.split('<').next().unwrap_or("");
    (!name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')).then(|| name.to_string())
}

/// The names `#define`d in the file: invoking one expands code this reading does not follow.
fn defined_macros(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("#define"))
        .filter_map(|rest| rest.trim_start().split(|c: char| !(c.is_alphanumeric() || c == '_')).next())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The line without its `//` and `/* */` comments; `in_comment` carries a block comment
/// over lines.
fn strip_comments(line: &str, in_comment: &mut bool) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        if *in_comment {
            match rest.find("*/") {
                Some(end) => {
                    rest = &rest[end + 2..];
                    *in_comment = false;
                }
                None => return out,
            }
        }
        let line_comment = rest.find("//");
        let block = rest.find("/*");
        match (line_comment, block) {
            (Some(l), b) if b.is_none_or(|b| l < b) => {
                out.push_str(&rest[..l]);
                return out;
            }
            (_, Some(b)) => {
                out.push_str(&rest[..b]);
                out.push(' ');
                rest = &rest[b + 2..];
                *in_comment = true;
            }
            _ => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// The statement without its leading labels (`loop:`, `done: RET`).
fn strip_label(mut stmt: &str) -> &str {
    while let Some((label, rest)) = stmt.split_once(':') {
        if label.is_empty() || !label.chars().all(|c| c.is_alphanumeric() || c == '_') {
            break;
        }
        stmt = rest.trim_start();
    }
    stmt
}

/// Mnemonic prefixes that store, whatever their operands say: stores (`ST*`: x86 `STOSQ`,
/// arm64 `STP`/`STLXR`, ppc64 `STW`), atomics that write memory, string moves, prefixes.
const STORING: &[&str] = &[
    "ST",
    "VST",
    "REP",
    "LOCK",
    "XCHG",
    "CMPXCHG",
    "XADD",
    "SWP",
    "CAS",
    "LDADD",
    "LDCLR",
    "LDEOR",
    "LDSET",
    "LDSMAX",
    "LDSMIN",
    "LDUMAX",
    "LDUMIN",
    "AMO",
    "AMADD",
    "AMSWAP",
    "AMAND",
    "AMOR",
    "AMXOR",
    "AMMAX",
    "AMMIN",
    "VSCATTER",
    "VPSCATTER",
    "SCATTER",
    "MASKMOV",
    "VMASKMOV",
    "VPMASKMOV",
    // s390x instructions that store through the registers they name: cipher and hash
    // (`KM`, `KIMD`), long moves.
    "KM",
    "KIMD",
    "KLMD",
    "KDSA",
    "PCC",
    "PCKMO",
    "MVCL",
    "MVST",
    "MVCIN",
];

/// Mnemonic prefixes that never write their operands: comparisons, tests, prefetches, pushes.
const NOT_STORING: &[&str] =
    &["CMP", "TEST", "UCOMIS", "COMIS", "PTEST", "VPTEST", "PREFETCH", "PUSH", "TST", "CMN", "CCMP", "CLC", "CLG"];

/// Whether one assembly statement may store through a pointer: see the module's doc.
fn may_write(stmt: &str, macros: &[&str]) -> bool {
    if stmt.is_empty() {
        return false;
    }
    let end = stmt.find(|c: char| c.is_whitespace() || c == '(').unwrap_or(stmt.len());
    let (name, operands) = stmt.split_at(end);
    // A macro invocation, `ROUND(a, b)` or a name the file defines.
    if operands.starts_with('(') || macros.contains(&name) {
        return true;
    }
    let mnemonic = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    if !mnemonic.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return true;
    }
    let operands = split_operands(operands.trim());
    match mnemonic.as_str() {
        "RET" | "NOP" | "PCDATA" | "FUNCDATA" | "NO_LOCAL_POINTERS" | "GLOBL" | "DATA" | "UNDEF" => return false,
        // A call reaches code this reading does not follow; so does a system call.
        "CALL" | "CALLR" | "BL" | "BLR" | "BLX" | "JAL" | "JALR" | "SYSCALL" | "SYSENTER" | "SVC" | "SWI" | "INT"
        | "ECALL" => return true,
        // Raw encodings of instructions the assembler does not name.
        "BYTE" | "WORD" | "LONG" | "QUAD" | "DWORD" => return true,
        // An unconditional jump to a label stays in the function; to a symbol or through a
        // register it is a tail call.
        "JMP" | "B" | "BR" => {
            return operands.first().is_some_and(|o| !(is_label(o) || o.ends_with("(PC)")));
        }
        _ => {}
    }
    if NOT_STORING.iter().any(|p| mnemonic.starts_with(p)) {
        return false;
    }
    // x86 string moves without operands (`MOVSB`, `MOVSQ`) store through DI.
    if STORING.iter().any(|p| mnemonic.starts_with(p)) || (mnemonic.starts_with("MOVS") && operands.is_empty()) {
        return true;
    }
    operands.last().is_some_and(|dest| stores_through_register(dest))
}

fn is_label(operand: &str) -> bool {
    !operand.is_empty() && operand.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The operands, split at the commas outside parentheses and brackets.
fn split_operands(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() {
        out.push(last);
    }
    out
}

/// Whether a destination operand is memory reached through a register: `(DI)`,
/// `8(R0)`, `(DI)(AX*4)`; not the frame (`x+8(FP)`, `-8(SP)`), a global (`·t(SB)`), an
/// immediate or a register list (`(R1, R2)`, `[V0.B16]`).
fn stores_through_register(dest: &str) -> bool {
    if dest.starts_with('$') || dest.starts_with('[') || dest.starts_with('{') {
        return false;
    }
    let Some(open) = dest.find('(') else { return false };
    let inner = dest[open + 1..].split(')').next().unwrap_or("");
    if inner.contains(',') {
        return false;
    }
    !matches!(inner.trim(), "SP" | "FP" | "SB" | "RSP" | "PC")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writes(body: &str) -> bool {
        let text = format!("#include \"textflag.h\"\n\nTEXT ·f(SB),NOSPLIT,$0-32\n{body}\n");
        let funcs = functions(&text);
        assert_eq!(funcs.len(), 1, "{funcs:?}");
        funcs[0].writes
    }

    #[test]
    fn loads_comparisons_and_frame_stores_only_read() {
        assert!(!writes(
            "\tMOVQ p_base+0(FP), SI\n\tMOVQ p_len+8(FP), CX\n\tXORQ AX, AX\nloop:\n\tMOVBQZX (SI), BX\n\
             \tCMPB (SI)(CX*1), $0\n\tADDQ BX, AX\n\tINCQ SI\n\tDECQ CX\n\tJNZ loop\n\
             done: MOVQ AX, ret+24(FP)\n\tRET"
        ));
        // arm64: a load pair names a register pair, stores go to the frame.
        assert!(!writes(
            "\tMOVD p+0(FP), R0\n\tLDP 16(R0), (R1, R2)\n\tVLD1 (R0), [V0.B16, V1.B16]\n\tMOVD R1, ret+8(FP)\n\tRET"
        ));
        assert!(!writes("\tPREFETCHT0 (SI)\n\tPUSHQ (SI)\n\tJMP 2(PC)\n\tMOVQ AX, -8(SP) // (DI) in a comment\n\tRET"));
    }

    #[test]
    fn stores_calls_and_macros_write() {
        assert!(writes("\tMOVQ counts+0(FP), DI\n\tINCL (DI)(AX*4)\n\tRET"));
        assert!(writes("\tMOVOU X0, (DI)\n\tRET"));
        assert!(writes("\tSTP (R1, R2), 16(R0)\n\tRET"));
        assert!(writes("\tMOVD.P R1, 8(R0)\n\tRET"));
        assert!(writes("\tREP; STOSQ\n\tRET"));
        assert!(writes("\tMOVSB\n\tRET"));
        assert!(writes("\tLOCK\n\tXADDQ AX, (DI)\n\tRET"));
        assert!(writes("\tLDADDALD R1, (R0), R2\n\tRET"));
        assert!(writes("\tCALL runtime·memmove(SB)\n\tRET"));
        assert!(writes("\tJMP runtime·memhashFallback(SB)"));
        assert!(writes("\tB ·fallback<ABIInternal>(SB)"));
        assert!(writes("\tROUND(AX, BX)\n\tRET"));
        assert!(writes("\tSETEQ (DI)\n\tRET"));
        assert!(writes("\tMOVQ trap+0(FP), AX\n\tSYSCALL\n\tMOVQ AX, r1+32(FP)\n\tRET"));
        assert!(writes("\tKIMD R0, R2\n\tRET"));
        assert!(writes("\tBYTE $0x0f; BYTE $0xc7\n\tRET"));
    }

    #[test]
    fn a_file_defined_macro_counts_as_a_write() {
        let text = "#define CLEAR \\\n\tMOVQ $0, (DI)\n\nTEXT ·g(SB),$0\n\tCLEAR\n\tRET\n\nTEXT ·h(SB),$0\n\tRET\n";
        let funcs = functions(text);
        assert_eq!(funcs, [AsmFunc { name: "g".into(), writes: true }, AsmFunc { name: "h".into(), writes: false }]);
    }

    #[test]
    fn only_the_packages_own_functions_and_their_bodies() {
        // A TEXT without a middle dot is not the package's, and ends the body before it.
        let trampoline = "TEXT ·libc_x_trampoline(SB),NOSPLIT,$0-0; JMP libc_x(SB)\n";
        assert_eq!(functions(trampoline), [AsmFunc { name: "libc_x_trampoline".into(), writes: true }]);
        let text = "TEXT ·a(SB),$0\n\tRET\nTEXT _rt0(SB),$0\n\tMOVQ AX, (DI)\nTEXT p∕q·b<ABIInternal>(SB),$0\n\tRET\n\
                    /* TEXT ·c(SB) in a block\n comment */\n";
        let funcs = functions(text);
        assert_eq!(funcs, [AsmFunc { name: "a".into(), writes: false }, AsmFunc { name: "b".into(), writes: false }]);
    }
}
