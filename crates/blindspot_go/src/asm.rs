//! What a package's Go assembly (`.s`) files tell: the functions they define, and what
//! memory each may write through the pointers it is handed.
//!
//! A function is `TEXT ·name(SB), ...` up to the next `TEXT`. Its body *only reads* when no
//! instruction in it can store through a register: every memory destination is the frame
//! (`ret+24(FP)`, `8(SP)`) or a global (`·table(SB)`), and it calls, tail-jumps to or
//! expands nothing blindspot cannot read (another function, a macro). `memhash`-like
//! loops, `IndexByte`, checksums and comparisons come out read-only; `INCL (DI)(AX*4)`,
//! `MOVOU X0, (DI)`, `STP (R1, R2), 16(R0)`, `REP; STOSQ` and `CALL runtime·memmove(SB)`
//! do not.
//!
//! A body that stores is read once more, for *which* arguments it stores through: each
//! register (and stack slot) is tagged with the arguments its value is computed from, from
//! the loads of the frame by name (`MOVQ dst_base+0(FP), DI`, the names `go vet` checks
//! against the Go declaration) through moves, arithmetic and loads through it (a pointer
//! read out of an argument's memory points into what the argument reaches). A store goes
//! through the arguments its address registers are tagged with. The tags are joined over
//! the whole body, not followed along its branches, so a register reused for two arguments
//! carries both. A store through a register tagged with no argument, or an unnamed frame
//! slot (`0(FP)`), is a store through anything. So `emitLiteral(dst, lit []byte)`, which
//! copies `lit` into `dst`, writes `dst` and only reads `lit`.
//!
//! Anything not understood counts as a write, so a mistake here only costs a finding of an
//! access that truly only reads, never hides a writing one.

use std::collections::BTreeMap;

/// A function an assembly file defines for its package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsmFunc {
    pub name: String,
    /// What its body may store through (see the module's doc).
    pub writes: Writes,
}

/// What an assembly function's body may store through.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Writes {
    /// Nothing: every store goes to the frame or a global.
    Nothing,
    /// Only pointers computed from these frame arguments, by their names in the assembly
    /// (`dst_base`, `p`), sorted.
    Through(Vec<String>),
    /// Anything: a store this reading cannot trace to an argument, a call, a macro.
    Anything,
}

impl Writes {
    /// Whether the body may store through some pointer.
    pub fn any(&self) -> bool {
        !matches!(self, Writes::Nothing)
    }

    /// What two definitions of one function (for different platforms) may store through.
    pub fn join(self, other: Writes) -> Writes {
        match (self, other) {
            (Writes::Anything, _) | (_, Writes::Anything) => Writes::Anything,
            (Writes::Nothing, w) | (w, Writes::Nothing) => w,
            (Writes::Through(mut a), Writes::Through(b)) => {
                a.extend(b);
                a.sort_unstable();
                a.dedup();
                Writes::Through(a)
            }
        }
    }

    /// Whether the body may store through the memory of the Go parameter `params[index]`,
    /// given the names of all the declaration's parameters (`None`: unnamed). An argument
    /// name of the assembly that names no parameter (`buf_base` for a parameter `b`: a
    /// declaration `go vet` would reject) makes every parameter count as written.
    pub fn param(&self, params: &[Option<&str>], index: usize) -> bool {
        let names = match self {
            Writes::Nothing => return false,
            Writes::Anything => return true,
            Writes::Through(names) => names,
        };
        let names_param = |n: &str, p: &str| n == p || n.strip_prefix(p).is_some_and(|rest| rest.starts_with('_'));
        let named = |n: &String| params.iter().flatten().any(|p| names_param(n, p));
        if !names.iter().all(named) {
            return true;
        }
        match params.get(index) {
            Some(Some(p)) => names.iter().any(|n| names_param(n, p)),
            _ => true,
        }
    }
}

/// The functions `text` defines for its own package, in order: `TEXT ·name(SB)`, also
/// with an ABI selector (`·name<ABIInternal>(SB)`) or a package path before the middle dot.
pub fn functions(text: &str) -> Vec<AsmFunc> {
    let macros = defined_macros(text);
    let mut out: Vec<(String, Vec<Item>)> = Vec::new();
    // The index in `out` of the function whose body the lines are in, if any.
    let mut current: Option<usize> = None;
    let mut in_comment = false;
    let mut in_define = false;
    let lines: Vec<String> = text.lines().map(|raw| strip_comments(raw, &mut in_comment)).collect();
    for line in &lines {
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
                out.push((name, Vec::new()));
                out.len() - 1
            });
            // `TEXT ·f(SB),NOSPLIT,$0-0; JMP g(SB)`: a body on the same line.
            body = rest.split_once(';').map_or("", |(_, after)| after);
        }
        let Some(f) = current else { continue };
        for stmt in body.split(';') {
            let (labels, stmt) = split_labels(stmt.trim());
            out[f].1.extend(labels.into_iter().map(Item::Label));
            if !stmt.is_empty() {
                out[f].1.push(Item::Stmt(stmt));
            }
        }
    }
    out.into_iter().map(|(name, body)| AsmFunc { name, writes: writes(&body, &macros) }).collect()
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

/// A line of a function's body: a label or a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item<'a> {
    Label(&'a str),
    Stmt(&'a str),
}

/// A statement's leading labels (`loop:`, `done: RET`), and the statement without them.
fn split_labels(mut stmt: &str) -> (Vec<&str>, &str) {
    let mut labels = Vec::new();
    while let Some((label, rest)) = stmt.split_once(':') {
        if label.is_empty() || !label.chars().all(|c| c.is_alphanumeric() || c == '_') {
            break;
        }
        labels.push(label);
        stmt = rest.trim_start();
    }
    (labels, stmt)
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

/// What one assembly statement does, for [`writes`].
#[derive(Debug, PartialEq, Eq)]
enum Effect<'a> {
    /// Computes its last operand (a register, a register list or a stack slot) from the
    /// others, or nothing at all.
    Compute(Vec<&'a str>),
    /// Stores through the address registers of these memory operands.
    Store(Vec<&'a str>),
    /// Reaches code or memory this reading does not follow: a call, a macro, a raw
    /// encoding, a string instruction's implicit operands.
    Opaque,
}

/// What one assembly statement does: see the module's doc.
fn effect<'a>(stmt: &'a str, macros: &[&str]) -> Effect<'a> {
    let end = stmt.find(|c: char| c.is_whitespace() || c == '(').unwrap_or(stmt.len());
    let (name, operands) = stmt.split_at(end);
    // A macro invocation, `ROUND(a, b)` or a name the file defines.
    if operands.starts_with('(') || macros.contains(&name) {
        return Effect::Opaque;
    }
    let mnemonic = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    if !mnemonic.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Effect::Opaque;
    }
    let operands = split_operands(operands.trim());
    match mnemonic.as_str() {
        "RET" | "NOP" | "PCDATA" | "FUNCDATA" | "NO_LOCAL_POINTERS" | "GLOBL" | "DATA" | "UNDEF" => {
            return Effect::Compute(Vec::new())
        }
        // Prefixes: the instruction they prefix says what is stored (`LOCK; XADDQ AX, (DI)`,
        // `REP; STOSQ`).
        "LOCK" | "REP" | "REPE" | "REPZ" | "REPN" | "REPNE" | "REPNZ" if operands.is_empty() => {
            return Effect::Compute(Vec::new())
        }
        // A call reaches code this reading does not follow; so does a system call.
        "CALL" | "CALLR" | "BL" | "BLR" | "BLX" | "JAL" | "JALR" | "SYSCALL" | "SYSENTER" | "SVC" | "SWI" | "INT"
        | "ECALL" => return Effect::Opaque,
        // Raw encodings of instructions the assembler does not name.
        "BYTE" | "WORD" | "LONG" | "QUAD" | "DWORD" => return Effect::Opaque,
        // An unconditional jump to a label stays in the function; to a symbol or through a
        // register it is a tail call.
        "JMP" | "B" | "BR" => {
            let local = operands.first().is_none_or(|o| is_label(o) || o.ends_with("(PC)"));
            return if local { Effect::Compute(Vec::new()) } else { Effect::Opaque };
        }
        _ => {}
    }
    if NOT_STORING.iter().any(|p| mnemonic.starts_with(p)) {
        return Effect::Compute(Vec::new());
    }
    // Stores and atomics name the memory they write among their operands; without one
    // (`STOSQ`, `MOVSB`, `KIMD R0, R2`) they store through registers they do not name.
    if STORING.iter().any(|p| mnemonic.starts_with(p)) || (mnemonic.starts_with("MOVS") && operands.is_empty()) {
        let memory: Vec<&str> = operands.iter().copied().filter(|o| stores_through_register(o)).collect();
        return if memory.is_empty() { Effect::Opaque } else { Effect::Store(memory) };
    }
    match operands.last() {
        Some(dest) if stores_through_register(dest) => Effect::Store(vec![dest]),
        _ => Effect::Compute(operands),
    }
}

/// The most times a statement is visited before the body counts as storing through
/// anything (a loop settles in a few).
const MAX_VISITS: usize = 64;

/// The most distinct argument names (and `#`, `?`) a body's tags tell apart: one bit each.
const MAX_NAMES: usize = 64;

/// A statement of a body, with its registers and argument names numbered: see [`writes`].
enum Op {
    /// Sets `dests` from the tags of `sources` and the arguments `loads` (bits): replacing
    /// what they carried, or joined with it.
    Compute {
        dests: Vec<usize>,
        sources: Vec<usize>,
        loads: u64,
        replaces: bool,
    },
    /// Stores through the registers `via`.
    Store {
        via: Vec<usize>,
    },
    Other,
}

/// The numbers given to a body's registers (and stack slots) and argument names.
#[derive(Default)]
struct Numbers<'a> {
    registers: BTreeMap<String, usize>,
    names: Vec<&'a str>,
}

impl<'a> Numbers<'a> {
    fn register(&mut self, r: String) -> usize {
        let next = self.registers.len();
        *self.registers.entry(r).or_insert(next)
    }

    /// The bit of an argument name; `None` past [`MAX_NAMES`].
    fn name(&mut self, n: &'a str) -> Option<u64> {
        let i = match self.names.iter().position(|m| *m == n) {
            Some(i) => i,
            None => {
                self.names.push(n);
                self.names.len() - 1
            }
        };
        (i < MAX_NAMES).then(|| 1u64 << i)
    }
}

/// What a function's body may store through: see the module's doc. Each register's tags
/// are a set of argument names, as bits, before each statement.
fn writes(body: &[Item], macros: &[&str]) -> Writes {
    let stmts: Vec<&str> = body.iter().filter_map(|i| if let Item::Stmt(s) = i { Some(*s) } else { None }).collect();
    let effects: Vec<Effect> = stmts.iter().map(|stmt| effect(stmt, macros)).collect();
    if effects.contains(&Effect::Opaque) {
        return Writes::Anything;
    }
    if !effects.iter().any(|e| matches!(e, Effect::Store(_))) {
        return Writes::Nothing;
    }
    let mut numbers = Numbers::default();
    let mut ops: Vec<Op> = Vec::with_capacity(stmts.len());
    for (stmt, e) in stmts.iter().zip(&effects) {
        let op = match e {
            Effect::Store(memory) => Op::Store {
                via: memory.iter().flat_map(|m| address_registers(m)).map(|r| numbers.register(r)).collect(),
            },
            Effect::Compute(operands) => match compute(stmt, operands, &mut numbers) {
                Some(op) => op,
                None => return Writes::Anything,
            },
            Effect::Opaque => unreachable!("returned above"),
        };
        ops.push(op);
    }
    let Some(before) = tags_before(body, &stmts, &ops, numbers.registers.len()) else { return Writes::Anything };
    let bit = |n: &str| numbers.names.iter().position(|m| *m == n).map_or(0, |i| 1u64 << i);
    let (length, unnamed) = (bit("#"), bit("?"));
    let mut through = 0u64;
    for (op, tags) in ops.iter().zip(&before) {
        let (Op::Store { via }, Some(tags)) = (op, tags) else { continue };
        let carried = via.iter().fold(0u64, |acc, r| acc | tags[*r]) & !length;
        if carried == 0 || carried & unnamed != 0 {
            return Writes::Anything;
        }
        through |= carried;
    }
    let mut names: Vec<String> =
        numbers.names.iter().enumerate().filter(|(i, _)| through & (1 << i) != 0).map(|(_, n)| n.to_string()).collect();
    names.sort_unstable();
    Writes::Through(names)
}

/// The tags before each statement, following the body's branches: a statement falls through
/// to the next unless it is an unconditional jump or a return, and a branch naming a label
/// also goes there (`JMP 2(PC)`: two statements on); `None` for a statement no path
/// reaches. `None` when the tags do not settle, or a relative branch leaves the body.
fn tags_before(body: &[Item], stmts: &[&str], ops: &[Op], registers: usize) -> Option<Vec<Option<Vec<u64>>>> {
    // The statement index each label stands before.
    let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
    let mut next = 0;
    for item in body {
        match item {
            Item::Label(l) => {
                labels.insert(l, next);
            }
            Item::Stmt(_) => next += 1,
        }
    }
    let mut successors: Vec<Vec<usize>> = Vec::with_capacity(stmts.len());
    for (i, stmt) in stmts.iter().enumerate() {
        let end = stmt.find(char::is_whitespace).unwrap_or(stmt.len());
        let (name, operands) = stmt.split_at(end);
        let mnemonic = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
        let operands = split_operands(operands.trim());
        let mut succ: Vec<usize> = operands.iter().filter_map(|o| labels.get(o).copied()).collect();
        // `JMP 2(PC)`: two statements on from this one.
        for o in operands.iter().filter_map(|o| o.strip_suffix("(PC)")) {
            let target = o.parse::<isize>().ok().and_then(|n| i.checked_add_signed(n)).filter(|t| *t < stmts.len())?;
            succ.push(target);
        }
        let stops = matches!(mnemonic.as_str(), "JMP" | "B" | "BR" | "RET" | "RETURN" | "UNDEF");
        if !stops && i + 1 < stmts.len() {
            succ.push(i + 1);
        }
        successors.push(succ);
    }
    let mut before: Vec<Option<Vec<u64>>> = vec![None; stmts.len()];
    before[0] = Some(vec![0; registers]);
    let mut visits = vec![0usize; stmts.len()];
    let mut work: Vec<usize> = vec![0];
    let mut queued = vec![false; stmts.len()];
    queued[0] = true;
    while let Some(i) = work.pop() {
        queued[i] = false;
        visits[i] += 1;
        if visits[i] > MAX_VISITS {
            return None;
        }
        let mut after = before[i].clone().expect("a queued statement has tags");
        if let Op::Compute { dests, sources, loads, replaces } = &ops[i] {
            let from = sources.iter().fold(*loads, |acc, r| acc | after[*r]);
            for &d in dests {
                after[d] = if *replaces { from } else { after[d] | from };
            }
        }
        for &j in &successors[i] {
            let changed = match &mut before[j] {
                slot @ None => {
                    *slot = Some(after.clone());
                    true
                }
                Some(tags) => {
                    let mut changed = false;
                    for (t, a) in tags.iter_mut().zip(&after) {
                        changed |= *a & !*t != 0;
                        *t |= *a;
                    }
                    changed
                }
            };
            if changed && !queued[j] {
                queued[j] = true;
                work.push(j);
            }
        }
    }
    // A statement no path reaches (after an unconditional jump, unlabelled) stores nothing.
    Some(before)
}

/// A computing statement, numbered: its destination's tags are those of its sources (a
/// move, a load, a three-operand instruction) or joined with them (`ADDQ BX, AX`); a
/// register cleared (`XORQ AX, AX`) or masked to a small number (`ANDL $0x1f, SI`) has none.
/// `None` past [`MAX_NAMES`].
fn compute<'a>(stmt: &str, operands: &[&'a str], numbers: &mut Numbers<'a>) -> Option<Op> {
    let Some((dest, sources)) = operands.split_last() else { return Some(Op::Other) };
    let dests = destinations(dest);
    if dests.is_empty() {
        return Some(Op::Other);
    }
    let mnemonic = stmt.split(|c: char| c.is_whitespace() || c == '.').next().unwrap_or("").to_ascii_uppercase();
    let cleared = match sources {
        [src]
            if registers(src) == dests
                && ["XOR", "SUB", "EOR", "PXOR", "VPXOR"].iter().any(|p| mnemonic.starts_with(p)) =>
        {
            true
        }
        [mask] if mnemonic.starts_with("AND") => small_immediate(mask),
        _ => false,
    };
    let (mut from, mut loads) = (Vec::new(), 0u64);
    if !cleared {
        for o in sources {
            if let Some(arg) = frame_argument(o) {
                loads |= numbers.name(arg)?;
            }
            // What a memory operand yields (a load, `LEAQ`'s address) comes from its base, not
            // from an index scaled to count elements.
            let read = if o.contains('(') && stack_slot(o).is_none() { address_registers(o) } else { registers(o) };
            from.extend(read.into_iter().map(|r| numbers.register(r)));
        }
    }
    let replaces = cleared
        || operands.len() >= 3
        || (["MOV", "LEA", "LD", "VLD", "LXV", "POP", "VMOV", "FMOV"].iter().any(|p| mnemonic.starts_with(p))
            && !mnemonic.starts_with("MOVK"));
    let dests = dests.into_iter().map(|r| numbers.register(r)).collect();
    Some(Op::Compute { dests, sources: from, loads, replaces })
}

/// `$0x1f`, `$31`: a mask that leaves a number, not an address (at most 0xffff).
fn small_immediate(operand: &str) -> bool {
    let Some(n) = operand.strip_prefix('$') else { return false };
    let value = match n.strip_prefix("0x").or_else(|| n.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => n.parse::<u64>().ok(),
    };
    value.is_some_and(|v| v <= 0xffff)
}

/// The argument a frame operand loads (`dst_base+0(FP)`: `dst_base`); `#` for a length or
/// capacity, `?` for a slot without a name (`8(FP)`).
fn frame_argument(operand: &str) -> Option<&str> {
    let inner = operand.strip_suffix("(FP)")?;
    let name = inner.split(['+', '-']).next().unwrap_or("");
    if name.chars().all(|c| c.is_ascii_digit()) {
        return Some("?");
    }
    if name.ends_with("_len") || name.ends_with("_cap") {
        return Some("#");
    }
    Some(name)
}

/// The registers an operand reads: itself (`AX`, `R1<<3`), the registers of a list
/// (`(R1, R2)`, `[V0.B16]`) or of a memory operand's address (`8(DI)(CX*4)`); a stack slot
/// (`x-8(SP)`) is a register of its own.
fn registers(operand: &str) -> Vec<String> {
    if operand.starts_with('$') || operand.ends_with("(FP)") || operand.ends_with("(SB)") {
        return Vec::new();
    }
    if let Some(slot) = stack_slot(operand) {
        return vec![slot];
    }
    operand.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')).filter_map(register).collect()
}

/// The registers an instruction's last operand sets: a register, a register list, a stack
/// slot; none for anything else.
fn destinations(operand: &str) -> Vec<String> {
    if operand.starts_with('$') || operand.ends_with("(FP)") || operand.ends_with("(SB)") {
        return Vec::new();
    }
    if let Some(slot) = stack_slot(operand) {
        return vec![slot];
    }
    // A memory operand the statement does not store to (a comparison's): nothing is set.
    if operand.contains('(') && !operand.starts_with('(') || operand.starts_with('(') && !operand.contains(',') {
        return Vec::new();
    }
    registers(operand)
}

/// The registers a memory operand's address may point through: `8(DI)(CX*1)` gives DI and CX
/// (either may be the pointer, as in memmove's pointer difference), `(AX)(R10*4)` only AX: an
/// index scaled by 2, 4 or 8 is a count of elements, never an address.
fn address_registers(operand: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = operand;
    while let Some(open) = rest.find('(') {
        let inner = &rest[open + 1..];
        let close = inner.find(')').unwrap_or(inner.len());
        let group = &inner[..close];
        let scaled = group.split_once('*').is_some_and(|(_, n)| matches!(n.trim(), "2" | "4" | "8"));
        if !scaled {
            out.extend(group.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter_map(register));
        }
        rest = &inner[close..];
    }
    out
}

/// A stack slot used as a register (`x-8(SP)`, `16(SP)`), by its text.
fn stack_slot(operand: &str) -> Option<String> {
    (operand.ends_with("(SP)") || operand.ends_with("(RSP)")).then(|| operand.split_whitespace().collect())
}

/// A register named by a token, by its full name (`CL` is `CX`, `R8B` is `R8`); `None` for
/// numbers, the pseudo-registers, shifts' amounts and vector arrangements.
fn register(token: &str) -> Option<String> {
    let token = token.split('.').next().unwrap_or(token);
    if token.is_empty() || token.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if matches!(token, "SB" | "FP" | "SP" | "PC" | "RSP") {
        return None;
    }
    let full = match token {
        "AL" | "AH" => "AX",
        "BL" | "BH" => "BX",
        "CL" | "CH" => "CX",
        "DL" | "DH" => "DX",
        "SIB" => "SI",
        "DIB" => "DI",
        "BPB" => "BP",
        t if t.starts_with('R')
            && t.len() > 2
            && t.ends_with(['B', 'W', 'L'])
            && t[1..t.len() - 1].chars().all(|c| c.is_ascii_digit()) =>
        {
            &t[..t.len() - 1]
        }
        t => t,
    };
    Some(full.to_string())
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

    fn stores(body: &str) -> Writes {
        let text = format!("#include \"textflag.h\"\n\nTEXT ·f(SB),NOSPLIT,$0-32\n{body}\n");
        let funcs = functions(&text);
        assert_eq!(funcs.len(), 1, "{funcs:?}");
        funcs[0].writes.clone()
    }

    fn writes(body: &str) -> bool {
        stores(body).any()
    }

    fn through(names: &[&str]) -> Writes {
        Writes::Through(names.iter().map(|n| n.to_string()).collect())
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
        assert_eq!(
            funcs,
            [
                AsmFunc { name: "g".into(), writes: Writes::Anything },
                AsmFunc { name: "h".into(), writes: Writes::Nothing }
            ]
        );
    }

    #[test]
    fn only_the_packages_own_functions_and_their_bodies() {
        // A TEXT without a middle dot is not the package's, and ends the body before it.
        let trampoline = "TEXT ·libc_x_trampoline(SB),NOSPLIT,$0-0; JMP libc_x(SB)\n";
        assert_eq!(functions(trampoline), [AsmFunc { name: "libc_x_trampoline".into(), writes: Writes::Anything }]);
        let text = "TEXT ·a(SB),$0\n\tRET\nTEXT _rt0(SB),$0\n\tMOVQ AX, (DI)\nTEXT p∕q·b<ABIInternal>(SB),$0\n\tRET\n\
                    /* TEXT ·c(SB) in a block\n comment */\n";
        let funcs = functions(text);
        assert_eq!(
            funcs,
            [
                AsmFunc { name: "a".into(), writes: Writes::Nothing },
                AsmFunc { name: "b".into(), writes: Writes::Nothing }
            ]
        );
    }

    #[test]
    fn stores_go_through_the_arguments_their_addresses_come_from() {
        // A literal copied into `dst`: stores through `dst`'s pointer, loads through `lit`'s.
        let emit = "\tMOVQ lit_len+32(FP), DX\n\tMOVQ dst_base+0(FP), AX\n\tMOVQ lit_base+24(FP), CX\n\
                    \tLEAL -1(DX), SI\n\tMOVB $0xfc, (AX)\n\tADDQ $0x05, AX\nloop:\n\tMOVB (CX), SI\n\
                    \tMOVB -1(CX)(DX*1), CL\n\tMOVB SI, (AX)\n\tMOVB CL, -1(AX)(DX*1)\n\tRET";
        assert_eq!(stores(emit), through(&["dst_base"]));
        // Through a move, a stack slot and a pointer loaded out of the argument's memory.
        let spilled = "\tMOVQ ctx+8(FP), AX\n\tMOVQ AX, x-8(SP)\n\tMOVQ x-8(SP), BX\n\tMOVQ 16(BX), DI\n\
                       \tMOVQ s+0(FP), SI\n\tMOVQ (SI), R8\n\tMOVQ R8, (DI)\n\tRET";
        assert_eq!(stores(spilled), through(&["ctx"]));
        // arm64: a register reused for another argument stores through the one it holds.
        let arm = "\tMOVD a+0(FP), R0\n\tMOVD (R0), R2\n\tMOVD b+8(FP), R0\n\tSTP (R2, R2), 16(R0)\n\tRET";
        assert_eq!(stores(arm), through(&["b"]));
        // ...unless a branch may skip the reuse: both reach the store.
        let branch = "\tMOVD a+0(FP), R0\n\tCBZ R1, store\n\tMOVD b+8(FP), R0\nstore:\n\tMOVD R2, (R0)\n\tRET";
        assert_eq!(stores(branch), through(&["a", "b"]));
        // A loop carries a register's tags around its back edge.
        let looped = "\tMOVQ a+0(FP), SI\n\tMOVQ b+8(FP), DI\nloop:\n\tMOVQ AX, (SI)\n\tMOVQ DI, SI\n\tDECQ CX\n\tJNZ loop\n\tRET";
        assert_eq!(stores(looped), through(&["a", "b"]));
        // An alignment computed from `dst` and masked is a number; the copy loop stores
        // through `dst` only, though its offset is also added to `lit`.
        let aligned = "\tMOVQ dst_base+0(FP), AX\n\tMOVQ lit_base+24(FP), CX\n\tMOVQ AX, SI\n\tANDL $0x1f, SI\n\
                       \tMOVQ $0x40, R8\n\tSUBQ SI, R8\n\tLEAQ -32(CX)(R8*1), SI\n\tLEAQ -32(AX)(R8*1), R9\n\
                       \tMOVOU (SI), X4\n\tMOVOA X4, (R9)\n\tMOVOA X4, -32(AX)(R8*1)\n\tRET";
        assert_eq!(stores(aligned), through(&["dst_base"]));
        // A pointer difference used as an index (memmove's idiom) stores through both.
        let diff =
            "\tMOVQ to+0(FP), DI\n\tMOVQ from+8(FP), SI\n\tSUBQ SI, DI\n\tMOVQ (SI), AX\n\tMOVQ AX, (SI)(DI*1)\n\tRET";
        assert_eq!(stores(diff), through(&["from", "to"]));
        // A relative branch skips statements: what it skips does not run.
        let skip = "\tMOVQ p+0(FP), DI\n\tCMPQ AX, $0\n\tJEQ 2(PC)\n\tMOVQ q+8(FP), DI\n\tMOVQ AX, (DI)\n\tRET";
        assert_eq!(stores(skip), through(&["p", "q"]));
        let over = "\tMOVQ p+0(FP), DI\n\tJMP 2(PC)\n\tMOVQ q+8(FP), DI\n\tMOVQ AX, (DI)\n\tRET";
        assert_eq!(stores(over), through(&["p"]));
        // ...and one out of the body is not understood.
        assert_eq!(stores("\tMOVQ p+0(FP), DI\n\tJMP 9(PC)\n\tMOVQ AX, (DI)\n\tRET"), Writes::Anything);
        // A value read out of `src` used as a scaled index into `tmp` (a hash table) stores
        // through `tmp` only; unscaled, it may be the pointer.
        let table = "\tMOVQ tmp+24(FP), AX\n\tMOVQ src_base+0(FP), BX\n\tMOVQ (BX), DI\n\tMOVQ DI, R10\n\
                     \tSHRQ $0x37, R10\n\tMOVL DX, (AX)(R10*4)\n\tRET";
        assert_eq!(stores(table), through(&["tmp"]));
        assert_eq!(stores(&table.replace("R10*4", "R10*1")), through(&["src_base", "tmp"]));
        let lea = "\tMOVQ tmp+24(FP), AX\n\tMOVQ src_base+0(FP), BX\n\tMOVQ (BX), SI\n\
                   \tLEAQ (AX)(SI*4), R10\n\tMOVL (R10), SI\n\tMOVL DX, (R10)\n\tRET";
        assert_eq!(stores(lea), through(&["tmp"]));
        // A locked add through an argument.
        assert_eq!(stores("\tMOVQ addr+0(FP), DI\n\tLOCK\n\tXADDQ AX, (DI)\n\tRET"), through(&["addr"]));
    }

    #[test]
    fn stores_through_what_no_argument_names_are_stores_through_anything() {
        // A register never loaded from an argument, an unnamed frame slot, a length.
        assert_eq!(stores("\tMOVQ p+0(FP), SI\n\tMOVQ AX, (DI)\n\tRET"), Writes::Anything);
        assert_eq!(stores("\tMOVQ 0(FP), DI\n\tMOVQ AX, (DI)\n\tRET"), Writes::Anything);
        assert_eq!(stores("\tMOVQ n_len+8(FP), DI\n\tMOVQ AX, (DI)\n\tRET"), Writes::Anything);
        assert_eq!(stores("\tLEAQ ·table(SB), DI\n\tMOVQ AX, (DI)\n\tRET"), Writes::Anything);
        // A string instruction stores through DI without naming it; a call anywhere in the body.
        assert_eq!(stores("\tMOVQ dst+0(FP), DI\n\tREP; STOSQ\n\tRET"), Writes::Anything);
        assert_eq!(stores("\tMOVQ dst+0(FP), DI\n\tMOVQ AX, (DI)\n\tCALL ·g(SB)\n\tRET"), Writes::Anything);
    }

    #[test]
    fn a_parameter_is_written_when_a_store_goes_through_its_name() {
        let params = [Some("dst"), Some("lit")];
        let emit = through(&["dst_base"]);
        assert!(emit.param(&params, 0));
        assert!(!emit.param(&params, 1));
        assert!(!Writes::Nothing.param(&params, 0));
        assert!(Writes::Anything.param(&params, 1));
        // `dst` is not a prefix match of `dstx`; an unnamed parameter may be anything.
        assert!(!through(&["dstx_base"]).param(&[Some("dst"), Some("dstx")], 0));
        assert!(through(&["dst_base"]).param(&[Some("dst"), None], 1));
        // A name that is no parameter's: the declaration and the assembly disagree.
        assert!(through(&["buf_base"]).param(&params, 1));
        // Definitions for two platforms write what either writes.
        assert_eq!(through(&["a"]).join(Writes::Nothing).join(through(&["b"])), through(&["a", "b"]));
        assert_eq!(through(&["a"]).join(Writes::Anything), Writes::Anything);
    }
}
