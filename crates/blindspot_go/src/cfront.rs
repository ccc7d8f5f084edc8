//! The package's C, parsed with tree-sitter-c: cgo preambles and the `.c` files beside the
//! Go files. [`CIndex`] answers questions about `C.name` by lookup: the functions declared,
//! `const` parameters, whether a definition returns allocated memory, writes through or
//! frees each parameter, and the typedef names. And for the functions the package exports to
//! C (`//export`): does C run them only *during* a C call that Go made, on the calling
//! goroutine ([`synchronous_callbacks`])?
//!
//! A callback is synchronous when the package's C names it, and every C function through
//! which it can be reached is only ever called, never stored or handed on as a function
//! pointer, except as the start routine of one thread that the same C function joins before
//! returning (`pthread_create` … `pthread_join`, `CreateThread` … `WaitForSingleObject`).
//! Threads created in a loop, or twice, run at the same time as each other: a callback they
//! reach is not synchronous.
//! A callback that C never names (registered by a library, found with `dlsym`) may run on
//! any thread, with one exception: when the Go code looks it up by name (a string naming it,
//! and calls of a C function that calls `dlsym`) and hands what every lookup returns only to
//! trampolines (C functions that call the pointer they are handed,
//! `void call(void *f) { ((void (*)(void))f)(); }`, and are only ever called), the callback
//! runs inside those trampolines, during the C call that handed it over
//! ([`lookups_reach_only`]).
//!
//! The package's Objective-C (`.m` files, parsed with tree-sitter-objc) adds one more way:
//! AppKit and UIKit send their messages to views, windows, controllers and application
//! delegates on the main thread, one at a time, inside the run loop that a C function of the
//! package enters (`UIApplicationMain`, `NSApplicationMain`, `[NSApp run]`). A callback
//! reached only from the methods of such classes (and from blocks queued on the main queue)
//! runs during the Go call of that C function, in order with everything else the run loop
//! does, unless the package's C or Objective-C starts a thread or hands a block to anything
//! but the main queue, a UIKit animation or a synchronous enumeration.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use tree_sitter::{Node, Parser, Tree};

/// What one C function definition does, as far as the question needs.
#[derive(Debug, Default, Clone)]
struct CFunc {
    /// Functions it calls by name.
    calls: BTreeSet<String>,
    /// Names it uses other than as the callee of a call (a function pointer taken).
    taken: BTreeSet<String>,
    /// Start routines it hands to a thread-creating call, with how many threads may run
    /// each at once (2 for a creation in a loop or written twice: they race with each other).
    thread_starts: BTreeMap<String, u32>,
    /// It calls a join (`pthread_join`, `thrd_join`, `WaitForSingleObject`, ...).
    joins: bool,
    /// Its parameters' names.
    params: BTreeSet<String>,
    /// Its local variables with an initializer, and the name the initializer is (through
    /// casts), if it is one.
    local_inits: BTreeMap<String, Option<String>>,
    /// Names it calls, as written (`f()`, `(*f)()`): functions, or pointers.
    named_callees: BTreeSet<String>,
    /// It calls through an expression that is not a name (`s->cb()`, `table[i]()`).
    calls_expression: bool,
    /// An Objective-C method of this class: the runtime dispatches it by message, nothing
    /// calls it by name.
    class: Option<String>,
    /// An Objective-C block queued on the main thread (`dispatch_async(dispatch_get_main_queue(),
    /// ^{...})`, a UIKit animation).
    main_block: bool,
    /// It enters the application's main run loop (`UIApplicationMain`, `NSApplicationMain`,
    /// `[NSApp run]`, `CFRunLoopRun`, `g_application_run`, `gtk_main`), inside which the UI
    /// methods run.
    runs_main_loop: bool,
    /// Functions it registers for GLib's main context ([`MAIN_CONTEXT_REGISTRATIONS`]).
    main_context: BTreeSet<String>,
    /// Its parameters' names in order (`None` for an unnamed one).
    positional: Vec<Option<String>>,
    /// A completion block ([`BlockRuns::Completion`]): the function whose sheet it completes.
    completes: Option<String>,
}

impl CFunc {
    /// Adds what another definition of the same name (in another source) does.
    fn merge(&mut self, other: &CFunc) {
        self.calls.extend(other.calls.iter().cloned());
        self.taken.extend(other.taken.iter().cloned());
        for (start, n) in &other.thread_starts {
            *self.thread_starts.entry(start.clone()).or_default() += n;
        }
        self.joins |= other.joins;
        self.params.extend(other.params.iter().cloned());
        self.local_inits.extend(other.local_inits.iter().map(|(k, v)| (k.clone(), v.clone())));
        self.named_callees.extend(other.named_callees.iter().cloned());
        self.calls_expression |= other.calls_expression;
        if self.class.is_none() {
            self.class.clone_from(&other.class);
        }
        self.main_block |= other.main_block;
        self.runs_main_loop |= other.runs_main_loop;
        self.main_context.extend(other.main_context.iter().cloned());
        if self.positional.is_empty() {
            self.positional.clone_from(&other.positional);
        }
        if self.completes.is_none() {
            self.completes.clone_from(&other.completes);
        }
    }

    /// The positions of the parameters it registers for GLib's main context: a wrapper
    /// such as `signal_connect(w, ev, cb, data)` that calls `g_signal_connect` with `cb`.
    fn registers_params(&self) -> BTreeSet<usize> {
        self.positional
            .iter()
            .enumerate()
            .filter(|(_, p)| p.as_ref().is_some_and(|p| self.main_context.contains(p)))
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether it calls a function pointer: one it was handed as a parameter (`true`), or
    /// one from anywhere else (`false`); `None` when it calls no pointer.
    fn calls_pointer(&self) -> Option<bool> {
        let mut handed = None;
        for c in &self.named_callees {
            let from = if self.params.contains(c) {
                true
            } else if let Some(init) = self.local_inits.get(c) {
                init.as_ref().is_some_and(|i| self.params.contains(i))
            } else {
                continue;
            };
            if !from {
                return Some(false);
            }
            handed = Some(true);
        }
        if self.calls_expression {
            return Some(false);
        }
        handed
    }
}

/// Calls that start a thread, with the index of their start-routine argument.
const THREAD_CREATE: &[(&str, usize)] =
    &[("pthread_create", 2), ("thrd_create", 1), ("CreateThread", 2), ("_beginthreadex", 2), ("_beginthread", 0)];

/// Asked with the package's lookup functions and trampolines: the exported names the Go code
/// looks up and hands only to trampolines.
pub type LookedUp<'a> = dyn Fn(&BTreeSet<String>, &BTreeSet<String>) -> Vec<String> + 'a;

/// Calls that look a symbol up by name.
const LOOKUPS: &[&str] = &["dlsym", "dlvsym", "GetProcAddress"];

/// C library functions that call the function pointer they are given before they return,
/// for each element they visit or compare, and keep no copy of it.
const ITERATORS: &[&str] = &[
    "qsort",
    "qsort_r",
    "bsearch",
    "lfind",
    "lsearch",
    "tfind",
    "tsearch",
    "tdelete",
    "twalk",
    "twalk_r",
    "ftw",
    "nftw",
    "dl_iterate_phdr",
    "scandir",
    "sqlite3_exec",
];

/// Whether a C function not defined in the package runs a callback it is handed only
/// within the call: one of [`ITERATORS`], or one named for iterating
/// (`bcc_foreach_function_symbol`, `git_tree_walk`, `..._for_each`, `..._iterate`).
pub fn iterates(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ITERATORS.contains(&name)
        || ["foreach", "for_each", "iterate"].iter().any(|w| lower.contains(w))
        || lower.ends_with("_walk")
}

/// Calls that enter the application's main run loop, which runs the UI's methods (and
/// GLib's main loop, which runs signal handlers, idle and timeout callbacks).
const MAIN_LOOP_CALLS: &[&str] = &[
    "UIApplicationMain",
    "NSApplicationMain",
    "CFRunLoopRun",
    "g_application_run",
    "gtk_main",
    "gtk_main_iteration",
    "gtk_main_iteration_do",
    "g_main_loop_run",
    "g_main_context_iteration",
];

/// GLib calls that register a function for the main context: a signal handler runs where
/// the signal is emitted, which for GTK's widgets is the main loop; idle and timeout
/// callbacks run in the main loop. The function named in the argument at the given position
/// (the handler, not the user data) runs inside the loop, one at a time.
const MAIN_CONTEXT_REGISTRATIONS: &[(&str, usize)] = &[
    ("g_signal_connect", 2),
    ("g_signal_connect_after", 2),
    ("g_signal_connect_swapped", 2),
    ("g_signal_connect_data", 2),
    ("g_signal_connect_object", 2),
    ("g_idle_add", 0),
    ("g_idle_add_full", 1),
    ("g_idle_add_once", 0),
    ("g_timeout_add", 1),
    ("g_timeout_add_full", 2),
    ("g_timeout_add_once", 1),
    ("g_timeout_add_seconds", 1),
    ("gdk_threads_add_idle", 0),
    ("gdk_threads_add_timeout", 1),
];

/// Objective-C selector parts that run a method or block on a thread of its own.
const THREAD_SELECTORS: &[&str] = &[
    "detachNewThreadSelector",
    "detachNewThreadWithBlock",
    "performSelectorInBackground",
    "onThread",
    "initWithTarget",
    "initWithBlock",
];

/// Grand Central Dispatch calls that queue work: (name, index of the queue argument).
const DISPATCH_CALLS: &[(&str, usize)] = &[
    ("dispatch_async", 0),
    ("dispatch_sync", 0),
    ("dispatch_barrier_async", 0),
    ("dispatch_barrier_sync", 0),
    ("dispatch_after", 1),
    ("dispatch_async_f", 0),
    ("dispatch_sync_f", 0),
    ("dispatch_after_f", 1),
];

/// Superclasses whose instances AppKit and UIKit message on the main thread (a class of the
/// package deriving from one is such a class too).
const UI_SUPERCLASSES: &[&str] = &[
    "NSResponder",
    "NSView",
    "NSOpenGLView",
    "NSWindow",
    "NSPanel",
    "NSWindowController",
    "NSViewController",
    "NSApplication",
    "UIResponder",
    "UIView",
    "UIViewController",
    "UIApplication",
    "UIWindow",
    "GLKView",
    "GLKViewController",
    "MTKView",
];

/// Protocols whose methods AppKit and UIKit call on the main thread.
const UI_PROTOCOLS: &[&str] = &[
    "NSApplicationDelegate",
    "NSWindowDelegate",
    "UIApplicationDelegate",
    "UIWindowSceneDelegate",
    "GLKViewDelegate",
    "MTKViewDelegate",
];

/// Calls that wait for a thread to end.
const THREAD_JOIN: &[&str] = &["pthread_join", "thrd_join", "WaitForSingleObject", "WaitForMultipleObjects"];

/// C sources larger than this are not parsed (a generated amalgamation such as SQLite's is
/// not where a package calls its Go callbacks): their callbacks stay unknown.
const MAX_SOURCE_BYTES: usize = 4 << 20;

/// The names among `exported` that the package's C (`sources`: preambles and `.c` files)
/// runs only synchronously, within a C call made from Go, each with the C functions through
/// which it is reached (a Go call of any of them may run it).
///
/// `looked_up` is asked, with the package's lookup functions (C functions that call
/// `dlsym` or `GetProcAddress`, and `dlsym` itself) and its trampolines, which exported
/// names the Go code looks up with the first and hands only to the second (see
/// [`lookups_reach_only`]).
pub fn synchronous_callbacks(
    sources: &[&CIndex],
    exported: &[&str],
    looked_up: &LookedUp,
    handed: &Handed,
) -> BTreeMap<String, BTreeSet<String>> {
    // An unread source may name any callback: nothing is known to be synchronous.
    if exported.is_empty() || sources.iter().any(|s| s.unread) {
        return BTreeMap::new();
    }
    let mut funcs: BTreeMap<String, CFunc> = BTreeMap::new();
    // Names taken at file scope (initializers of function-pointer tables) or by a function
    // in a way that is not a joined thread's start routine.
    let mut escaping: BTreeSet<String> = BTreeSet::new();
    let mut supers: BTreeMap<&str, &str> = BTreeMap::new();
    let mut ui: BTreeSet<&str> = BTreeSet::new();
    let mut off_main = false;
    for source in sources {
        for (name, f) in &source.calls {
            funcs.entry(name.clone()).or_default().merge(f);
        }
        escaping.extend(source.escaping.iter().cloned());
        supers.extend(source.objc.supers.iter().map(|(c, s)| (c.as_str(), s.as_str())));
        ui.extend(source.objc.ui_classes.iter().map(String::as_str));
        off_main |= source.objc.off_main;
    }
    // The run loops the UI's methods run in, and which methods and blocks those are. A
    // method of any other class, or any method when something may message it from another
    // thread, may run anywhere.
    let main_loops: Vec<&str> =
        funcs.iter().filter(|(n, f)| f.runs_main_loop && !escaping.contains(*n)).map(|(n, _)| n.as_str()).collect();
    // GLib's loop may be entered from Go (`C.g_application_run(app, 0, nil)`): its entry
    // points count as loops the Go code calls.
    let main_context: BTreeSet<String> = funcs
        .values()
        .flat_map(|f| f.main_context.iter().cloned())
        .filter(|n| funcs.contains_key(n) || exported.contains(&n.as_str()))
        .chain(registered_through_wrappers(handed, &funcs).into_iter().map(str::to_string))
        .collect();
    let mut main_loops = main_loops;
    if !main_context.is_empty() {
        main_loops.extend(MAIN_LOOP_CALLS.iter().filter(|n| n.starts_with("g_") || n.starts_with("gtk_")).copied());
    }
    let main_thread: BTreeSet<String> = if off_main || main_loops.is_empty() {
        BTreeSet::new()
    } else {
        funcs
            .iter()
            .filter(|(_, f)| f.main_block || f.class.as_deref().is_some_and(|c| ui_class(c, &ui, &supers)))
            .map(|(n, _)| n.clone())
            .chain(main_context.iter().cloned())
            .collect()
    };
    for (name, f) in &funcs {
        if (f.class.is_some() || f.main_block || main_context.contains(name)) && !main_thread.contains(name) {
            escaping.insert(name.clone());
        }
    }
    for name in &main_context {
        if !main_thread.contains(name) {
            escaping.insert(name.clone());
        }
    }
    for f in funcs.values() {
        for name in &f.taken {
            // One joined thread runs in order with its creator; several run at once.
            let joined_once = f.joins && f.thread_starts.get(name) == Some(&1);
            if !joined_once {
                escaping.insert(name.clone());
            }
        }
    }
    // Functions a joined thread starts run within their creator's call: they count as
    // called by it.
    let mut callers: HashMap<&str, Vec<&str>> = HashMap::new();
    for (name, f) in &funcs {
        let starts = f.thread_starts.keys().filter(|_| f.joins);
        for callee in f.calls.iter().chain(starts) {
            callers.entry(callee.as_str()).or_default().push(name.as_str());
        }
        // A completion block runs on the main thread, as the function that began its sheet
        // does: it is reached through that function's callers too.
        if let (Some(began), true) = (&f.completes, main_thread.contains(name)) {
            callers.entry(name.as_str()).or_default().push(began.as_str());
        }
    }
    let mut out = BTreeMap::new();
    // Trampolines: functions that call a pointer they were handed, and are themselves only
    // ever called. Lookups: functions that look a symbol up by name.
    let trampolines: BTreeSet<String> = funcs
        .iter()
        .filter(|(n, f)| f.calls_pointer() == Some(true) && !escaping.contains(*n))
        .map(|(n, _)| n.clone())
        .collect();
    let lookups: BTreeSet<String> = funcs
        .iter()
        .filter(|(_, f)| LOOKUPS.iter().any(|l| f.calls.contains(*l)))
        .map(|(n, _)| n.clone())
        .chain(LOOKUPS.iter().map(|l| l.to_string()))
        .collect();
    let looked_up = if trampolines.is_empty() { Vec::new() } else { looked_up(&lookups, &trampolines) };
    let iterators = handed_only_to_iterators(handed, &funcs);
    'exported: for &name in exported {
        if escaping.contains(name) {
            continue;
        }
        // Registered directly for GLib's main context (`G_CALLBACK(goHandler)`): it runs in
        // the main loop.
        if main_thread.contains(name) && !callers.contains_key(name) {
            out.insert(name.to_string(), main_loops.iter().map(|s| s.to_string()).collect());
            continue;
        }
        if !callers.contains_key(name) {
            // Named by no C: synchronous only as a looked-up pointer handed to trampolines,
            // or as a pointer the Go code hands only to C iterators the package does not
            // define.
            if looked_up.iter().any(|l| l == name) {
                out.insert(name.to_string(), trampolines.clone());
            } else if let Some(through) = iterators.get(name) {
                out.insert(name.to_string(), through.clone());
            }
            continue;
        }
        // Every C function from which the callback can be reached must itself be reached
        // only by calls (from C, or from Go through cgo).
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut stack: Vec<&str> = callers[name].clone();
        while let Some(f) = stack.pop() {
            if !seen.insert(f) {
                continue;
            }
            if escaping.contains(f) {
                continue 'exported;
            }
            // A UI method runs inside the main run loop: reached through what enters it.
            if main_thread.contains(f) {
                stack.extend(main_loops.iter().copied());
            }
            stack.extend(callers.get(f).into_iter().flatten().copied());
        }
        out.insert(name.to_string(), seen.into_iter().map(str::to_string).collect());
    }
    out
}

/// The identifiers in a subtree (the arguments of a call), at most a few hundred.
fn identifiers_in(node: Node, source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if out.len() > 256 {
            break;
        }
        if n.kind() == "identifier" {
            out.push(source[n.byte_range()].to_string());
            continue;
        }
        let mut c = n.walk();
        stack.extend(n.named_children(&mut c));
    }
    out
}

/// Whether `class` is one whose methods AppKit and UIKit call on the main thread: it is, or
/// derives (through the package's own classes) from, one that [`ui_classes`] found.
fn ui_class(class: &str, ui: &BTreeSet<&str>, supers: &BTreeMap<&str, &str>) -> bool {
    let mut c = class;
    // A cycle of superclasses is an error in the source; the bound stops it.
    for _ in 0..32 {
        if ui.contains(c) {
            return true;
        }
        match supers.get(c) {
            Some(s) => c = s,
            None => return false,
        }
    }
    false
}

/// What an Objective-C source says about where its methods run.
#[derive(Debug, Default, Clone)]
struct ObjcFacts {
    /// Each class's superclass, as its `@interface` declares it.
    supers: BTreeMap<String, String>,
    /// Classes that derive from a UI class of AppKit or UIKit or adopt a UI delegate protocol.
    ui_classes: BTreeSet<String>,
    /// It starts a thread, or hands a block to code that may run it on another thread: any
    /// method may then be messaged from there.
    off_main: bool,
}

/// Where a block runs, judged by what it is handed to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum BlockRuns {
    /// Right away, on the thread of the code around it (`enumerateObjectsUsingBlock:`).
    Inline,
    /// Later, on the main thread (`dispatch_async(dispatch_get_main_queue(), ...)`,
    /// `[UIView animateWithDuration:...]`, `[[NSOperationQueue mainQueue] addOperationWithBlock:]`).
    Main,
    /// Later, on the main thread, when a sheet or panel that the enclosing function began
    /// ends (`[panel beginSheetModalForWindow:w completionHandler:^{...}]`,
    /// `[panel beginWithCompletionHandler:^{...}]`). AppKit's panels and alerts are made and
    /// begun on the main thread, so the enclosing function's caller is main-thread code too.
    Completion,
    /// Anywhere.
    Elsewhere,
}

/// Where the blocks handed to a call run: `callee` is the called function's name.
/// A block given to `dispatch_async(dispatch_get_main_queue(), ...)` and the like runs on the
/// main thread; one given to any other call, anywhere.
fn call_block_runs(args: Node, callee: &str, source: &str) -> BlockRuns {
    let main_queue = DISPATCH_CALLS.iter().find(|(n, _)| *n == callee).is_some_and(|&(_, q)| {
        args.named_child(q as u32).and_then(|queue| source.get(queue.byte_range())).is_some_and(|queue| {
            queue.len() < 64 && queue.split_whitespace().collect::<String>() == "dispatch_get_main_queue()"
        })
    });
    if main_queue {
        BlockRuns::Main
    } else {
        BlockRuns::Elsewhere
    }
}

/// AppKit messages that begin a sheet or a panel and run their completion handler on the main
/// thread when it ends (`NSSavePanel`, `NSOpenPanel`, `NSAlert`, `NSWindow`): the first part
/// of the selector.
const SHEET_SELECTORS: &[&str] = &["beginSheetModalForWindow", "beginWithCompletionHandler", "beginSheet"];

/// Messages whose handler blocks AppKit and WebKit call on the main thread: local event
/// monitors (run from the application's event loop) and WebKit's script completions.
const MAIN_THREAD_HANDLERS: &[&str] = &["addLocalMonitorForEventsMatchingMask", "evaluateJavaScript"];

/// Where the block after one part of a selector runs, when the parts differ:
/// `[NSAnimationContext runAnimationGroup:^{...} completionHandler:^{...}]` runs the changes
/// right away and the completion later on the main thread.
fn part_block_runs(first: &str, part: &str) -> Option<BlockRuns> {
    match (first, part) {
        ("runAnimationGroup", "runAnimationGroup") => Some(BlockRuns::Inline),
        ("runAnimationGroup", "completionHandler") => Some(BlockRuns::Main),
        _ => None,
    }
}

/// Where the blocks handed to a message run, from its selector's first part and receiver.
fn message_block_runs(message: Node, first: &str, source: &str) -> BlockRuns {
    let main_queue = || {
        message
            .child_by_field_name("receiver")
            .and_then(|r| source.get(r.byte_range()))
            .is_some_and(|r| r.len() < 64 && r.split_whitespace().collect::<String>() == "[NSOperationQueuemainQueue]")
    };
    if first.starts_with("enumerate") || first.starts_with("sortUsing") || first.starts_with("sortedArrayUsing") {
        BlockRuns::Inline
    } else if first.starts_with("animate")
        || first == "addOperationWithBlock" && main_queue()
        || MAIN_THREAD_HANDLERS.contains(&first)
    {
        BlockRuns::Main
    } else if SHEET_SELECTORS.contains(&first) {
        BlockRuns::Completion
    } else {
        BlockRuns::Elsewhere
    }
}

/// Whether a preamble is Objective-C: a `#cgo` line asks for it (`-x objective-c`), or a line
/// starts with what only Objective-C writes (`#import`, `@interface`, `@implementation`,
/// `@protocol`, `@autoreleasepool`).
fn objective_c(preamble: &str) -> bool {
    preamble.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("#cgo") && l.contains("objective-c")
            || ["#import", "@interface", "@implementation", "@protocol", "@autoreleasepool"]
                .iter()
                .any(|k| l.starts_with(k))
    })
}

/// Where a block held in a local variable (`void (^apply)(void) = ^{...};`, declared by
/// `decl`) runs, from every use of `name` in the enclosing function: called right there
/// (`apply()`) or handed to a synchronous dispatch on the main queue
/// (`dispatch_sync(dispatch_get_main_queue(), apply)`, the "on the main thread already, or
/// hop to it" idiom), it runs in order with the code around it; only handed to an
/// asynchronous dispatch on the main queue, later on the main thread; anything else, anywhere.
fn block_variable_runs(decl: Node, name: &str, source: &str) -> BlockRuns {
    let mut body = decl;
    while let Some(p) = body.parent() {
        if matches!(p.kind(), "function_definition" | "method_definition" | "block_literal") {
            break;
        }
        body = p;
    }
    let (mut inline, mut later) = (false, false);
    let mut stack = vec![body];
    let mut visited = 0;
    while let Some(n) = stack.pop() {
        visited += 1;
        if visited > 20_000 {
            return BlockRuns::Elsewhere;
        }
        if n.kind() != "identifier" || source.get(n.byte_range()) != Some(name) {
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
            continue;
        }
        if decl.child_by_field_name("declarator").is_some_and(|d| d.byte_range().contains(&n.start_byte())) {
            continue;
        }
        let parent = n.parent();
        let called = parent.is_some_and(|p| {
            p.kind() == "call_expression" && p.child_by_field_name("function").is_some_and(|f| f.id() == n.id())
        });
        let dispatch = parent.filter(|p| p.kind() == "argument_list").and_then(|args| {
            let call = args.parent().filter(|c| c.kind() == "call_expression")?;
            let callee = call.child_by_field_name("function").filter(|f| f.kind() == "identifier")?;
            let callee = source.get(callee.byte_range())?;
            let main = DISPATCH_CALLS.iter().any(|(d, _)| *d == callee)
                && call_block_runs(args, callee, source) == BlockRuns::Main;
            main.then_some(callee.contains("_sync"))
        });
        match (called, dispatch) {
            (true, _) | (false, Some(true)) => inline = true,
            (false, Some(false)) => later = true,
            (false, None) => return BlockRuns::Elsewhere,
        }
    }
    match (inline, later) {
        (_, false) => BlockRuns::Inline,
        (false, true) => BlockRuns::Main,
        (true, true) => BlockRuns::Elsewhere,
    }
}

/// Records where each block among `node`'s children runs, by node id, for the walk to find
/// when it reaches the block (asking a node for its parent costs a walk from the root).
fn classify_blocks(node: Node, runs: BlockRuns, out: &mut HashMap<usize, BlockRuns>) {
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor).filter(|c| c.kind() == "block_literal") {
        out.insert(child.id(), runs);
    }
}

/// The selector parts of a message expression: `[a setX:1 y:2]` is `setX`, `y`.
fn selector_parts<'s>(message: Node, source: &'s str) -> Vec<&'s str> {
    let mut cursor = message.walk();
    let mut parts = Vec::new();
    if cursor.goto_first_child() {
        loop {
            if cursor.field_name() == Some("method") {
                parts.extend(source.get(cursor.node().byte_range()));
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    parts
}

/// Whether an Objective-C `@interface` declares a class AppKit or UIKit messages on the main
/// thread: its superclass is a UI class, or it adopts a UI delegate protocol.
fn declares_ui_class(interface: Node, source: &str) -> bool {
    let text = |n: Node| source.get(n.byte_range()).unwrap_or("");
    if interface.child_by_field_name("superclass").is_some_and(|s| UI_SUPERCLASSES.contains(&text(s))) {
        return true;
    }
    let mut stack = vec![interface];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "type_identifier" if UI_PROTOCOLS.contains(&text(n)) => return true,
            "parameterized_arguments" | "type_name" | "protocol_qualifiers" | "protocol_identifier" => {}
            _ if n != interface => continue,
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

/// Adds the function definitions of one parsed source to `funcs`, the names used at file
/// scope to `escaping`, and what its Objective-C says to `objc`. One cursor walk over the
/// tree, no recursion.
fn index(
    tree: &Tree,
    source: &str,
    funcs: &mut BTreeMap<String, CFunc>,
    escaping: &mut BTreeSet<String>,
    objc: &mut ObjcFacts,
) {
    let text = |n: Node| source.get(n.byte_range()).unwrap_or("");
    // The function whose body a node is in, as an index into `owners`.
    let mut owners: Vec<String> = Vec::new();
    // Where each block runs, set when the walk passes the call or message it is handed to.
    let mut blocks: HashMap<usize, BlockRuns> = HashMap::new();
    // Each node with the function it is in and whether it is inside an initializer at file
    // scope (a table of function pointers: what it names escapes).
    let mut stack: Vec<(Node, Option<usize>, bool)> = vec![(tree.root_node(), None, false)];
    while let Some((node, owner, in_init)) = stack.pop() {
        let mut f = owner.and_then(|o| funcs.get_mut(&owners[o]));
        match node.kind() {
            "class_interface" => {
                let Some(class) = node.named_child(0).filter(|c| c.kind() == "identifier").map(text) else { continue };
                if let Some(superclass) = node.child_by_field_name("superclass") {
                    objc.supers.insert(class.to_string(), text(superclass).to_string());
                }
                if declares_ui_class(node, source) {
                    objc.ui_classes.insert(class.to_string());
                }
                continue;
            }
            "class_implementation" | "category_implementation" => {
                let Some(class) = node.named_child(0).filter(|c| c.kind() == "identifier").map(text) else { continue };
                let mut cursor = node.walk();
                for def in node.named_children(&mut cursor).filter(|d| d.kind() == "implementation_definition") {
                    let mut inner = def.walk();
                    for method in def.named_children(&mut inner) {
                        // C functions and declarations may sit between the methods.
                        if method.kind() != "method_definition" {
                            stack.push((method, owner, in_init));
                            continue;
                        }
                        let mut parts = method.walk();
                        let children: Vec<Node> = method.named_children(&mut parts).collect();
                        let selector = children.iter().find(|c| c.kind() == "identifier").map(|c| text(*c));
                        let name = format!("-[{class} {}]@{}", selector.unwrap_or(""), method.start_byte());
                        funcs.entry(name.clone()).or_default().class = Some(class.to_string());
                        owners.push(name);
                        if let Some(body) = children.iter().find(|c| c.kind() == "compound_statement") {
                            stack.push((*body, Some(owners.len() - 1), false));
                        }
                    }
                }
                continue;
            }
            "block_literal" => {
                let runs = blocks.remove(&node.id()).unwrap_or(BlockRuns::Elsewhere);
                let owner = if runs == BlockRuns::Inline {
                    owner
                } else {
                    let name = format!("^block@{}", node.start_byte());
                    let block = funcs.entry(name.clone()).or_default();
                    block.main_block = matches!(runs, BlockRuns::Main | BlockRuns::Completion);
                    if runs == BlockRuns::Completion {
                        block.completes = owner.map(|o| owners[o].clone());
                    }
                    if runs == BlockRuns::Elsewhere {
                        escaping.insert(name.clone());
                        objc.off_main = true;
                    }
                    owners.push(name);
                    Some(owners.len() - 1)
                };
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    stack.push((child, owner, in_init));
                }
                continue;
            }
            "message_expression" => {
                let selector = selector_parts(node, source);
                if selector.iter().any(|p| THREAD_SELECTORS.contains(p)) {
                    objc.off_main = true;
                }
                let first = selector.first().copied().unwrap_or("");
                let runs = message_block_runs(node, first, source);
                // Each block by the part of the selector it follows.
                let mut cursor = node.walk();
                let mut part = first;
                if cursor.goto_first_child() {
                    loop {
                        let child = cursor.node();
                        if cursor.field_name() == Some("method") {
                            part = text(child);
                        } else if child.kind() == "block_literal" {
                            blocks.insert(child.id(), part_block_runs(first, part).unwrap_or(runs));
                        }
                        if !cursor.goto_next_sibling() {
                            break;
                        }
                    }
                }
                if let (Some(f), ["run"]) = (f.as_mut(), selector.as_slice()) {
                    let receiver = node.child_by_field_name("receiver").map(text).unwrap_or("");
                    if receiver == "NSApp" || receiver.contains("NSApplication") {
                        f.runs_main_loop = true;
                    }
                }
                // The receiver and the arguments are uses; the selector's parts are not.
                let mut cursor = node.walk();
                if cursor.goto_first_child() {
                    loop {
                        if cursor.node().is_named() && cursor.field_name() != Some("method") {
                            stack.push((cursor.node(), owner, in_init));
                        }
                        if !cursor.goto_next_sibling() {
                            break;
                        }
                    }
                }
                continue;
            }
            "function_definition" => {
                let name = node.child_by_field_name("declarator").and_then(|d| declared_name(d, source));
                let Some(name) = name else { continue };
                let declarator = node.child_by_field_name("declarator");
                let params = declarator.map(|d| parameter_names(d, source)).unwrap_or_default();
                let func = funcs.entry(name.clone()).or_default();
                func.params.extend(params);
                if func.positional.is_empty() {
                    func.positional = declarator.map(|d| positional_parameter_names(d, source)).unwrap_or_default();
                }
                owners.push(name);
                // Only the body is the function's use of names; its declarator is not.
                if let Some(body) = node.child_by_field_name("body") {
                    stack.push((body, Some(owners.len() - 1), false));
                }
                continue;
            }
            "call_expression" => {
                if let Some(f) = f.as_mut() {
                    match node.child_by_field_name("function").map(|c| (c.kind(), function_name(c, source))) {
                        Some((_, Some(name))) => {
                            f.named_callees.insert(name);
                        }
                        Some(_) => f.calls_expression = true,
                        None => {}
                    }
                }
                let callee = node.child_by_field_name("function").filter(|f| f.kind() == "identifier").map(text);
                // A thread, or work queued anywhere but on the main queue, may message the
                // UI's objects from another thread.
                if let (Some(callee), Some(args)) = (callee, node.child_by_field_name("arguments")) {
                    let runs = call_block_runs(args, callee, source);
                    let dispatch = DISPATCH_CALLS.iter().any(|(n, _)| *n == callee);
                    if dispatch && runs != BlockRuns::Main || THREAD_CREATE.iter().any(|(n, _)| *n == callee) {
                        objc.off_main = true;
                    }
                    classify_blocks(args, runs, &mut blocks);
                }
                if let (Some(callee), Some(f)) = (callee, f.as_mut()) {
                    f.calls.insert(callee.to_string());
                    if THREAD_JOIN.contains(&callee) {
                        f.joins = true;
                    }
                    if MAIN_LOOP_CALLS.contains(&callee) {
                        f.runs_main_loop = true;
                    }
                    if let Some(&(_, i)) = THREAD_CREATE.iter().find(|(n, _)| *n == callee) {
                        let start = node.child_by_field_name("arguments").and_then(|a| a.named_child(i as u32));
                        if let Some(start) = start.and_then(|s| function_name(s, source)) {
                            // A loop that also joins runs one thread per turn (a retry loop).
                            let concurrent = enclosing_loop(node).is_some_and(|l| !joins_within(l, source));
                            let threads = if concurrent { 2 } else { 1 };
                            *f.thread_starts.entry(start).or_default() += threads;
                        }
                    }
                }
                // A function registered for GLib's main context runs in the main loop: its
                // name is not taken (`G_CALLBACK(on_enter)` and the like).
                let registration =
                    callee.and_then(|c| MAIN_CONTEXT_REGISTRATIONS.iter().find(|(n, _)| *n == c)).map(|(_, i)| *i);
                if let (Some(i), Some(f), Some(args)) =
                    (registration, f.as_mut(), node.child_by_field_name("arguments"))
                {
                    let mut cursor = args.walk();
                    let handler = args.named_children(&mut cursor).filter(|a| a.kind() != "comment").nth(i);
                    f.main_context.extend(handler.map(|h| identifiers_in(h, source)).unwrap_or_default());
                    continue;
                }
                // The callee identifier is not a taken name; its arguments are walked.
                if let Some(args) = node.child_by_field_name("arguments") {
                    stack.push((args, owner, in_init));
                }
                if let Some(func) = node.child_by_field_name("function").filter(|f| f.kind() != "identifier") {
                    stack.push((func, owner, in_init));
                }
                continue;
            }
            "identifier" => {
                let name = text(node).to_string();
                match f {
                    Some(f) => {
                        f.taken.insert(name);
                    }
                    // Outside any function body: a declaration names itself, an initializer
                    // takes the name.
                    None if in_init => {
                        escaping.insert(name);
                    }
                    None => {}
                }
                continue;
            }
            // A declaration's declarator names what it declares: not a use.
            "declaration" | "init_declarator" => {
                if let Some(value) = node.child_by_field_name("value") {
                    let local = node.child_by_field_name("declarator").and_then(|d| declared_name(d, source));
                    // A block held in a local variable runs where the variable's uses run it.
                    if let (true, Some(local)) = (value.kind() == "block_literal", &local) {
                        blocks.insert(value.id(), block_variable_runs(node, local, source));
                    }
                    if let (Some(f), Some(local)) = (f.as_mut(), local) {
                        f.local_inits.insert(local, function_name(value, source));
                    }
                    stack.push((value, owner, owner.is_none()));
                    continue;
                }
                if node.kind() == "declaration" {
                    let mut cursor = node.walk();
                    for child in node.named_children(&mut cursor) {
                        if child.kind() == "init_declarator" {
                            stack.push((child, owner, in_init));
                        }
                    }
                    continue;
                }
                continue;
            }
            "field_expression" => {
                // `s.f`: `f` is a field, not a function.
                if let Some(arg) = node.child_by_field_name("argument") {
                    stack.push((arg, owner, in_init));
                }
                continue;
            }
            "type_identifier" | "primitive_type" | "field_identifier" | "string_literal" | "comment" => continue,
            _ => {}
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            stack.push((child, owner, in_init));
        }
    }
}

/// The innermost loop of its function that a node is in.
fn enclosing_loop(node: Node) -> Option<Node> {
    let mut n = node;
    while let Some(parent) = n.parent() {
        match parent.kind() {
            "for_statement" | "while_statement" | "do_statement" => return Some(parent),
            "function_definition" => return None,
            _ => n = parent,
        }
    }
    None
}

/// Whether the subtree of `node` calls a join.
fn joins_within(node: Node, source: &str) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "call_expression" {
            let callee = n.child_by_field_name("function").and_then(|f| source.get(f.byte_range()));
            if callee.is_some_and(|c| THREAD_JOIN.contains(&c)) {
                return true;
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

/// The function a thread-start argument names: `f`, `&f`, `(void *(*)(void *))f`.
fn function_name(node: Node, source: &str) -> Option<String> {
    let mut n = node;
    for _ in 0..8 {
        match n.kind() {
            "identifier" => return source.get(n.byte_range()).map(str::to_string),
            "pointer_expression" => n = n.child_by_field_name("argument")?,
            "cast_expression" => n = n.child_by_field_name("value")?,
            "parenthesized_expression" => n = n.named_child(0)?,
            _ => return None,
        }
    }
    None
}

/// The names of a function declarator's parameters.
fn parameter_names(declarator: Node, source: &str) -> Vec<String> {
    parameters(declarator)
        .into_iter()
        .filter(|p| p.kind() == "parameter_declaration")
        .filter_map(|p| p.child_by_field_name("declarator").and_then(|d| declared_name(d, source)))
        .collect()
}

/// The parameter nodes of the function declarator `declarator` is or holds (through
/// pointer declarators): `parameter_declaration`s and a `variadic_parameter`.
fn parameters(declarator: Node) -> Vec<Node> {
    let mut d = declarator;
    for _ in 0..16 {
        if d.kind() == "function_declarator" {
            let Some(list) = d.child_by_field_name("parameters") else { return Vec::new() };
            let mut cursor = list.walk();
            return list
                .named_children(&mut cursor)
                .filter(|p| matches!(p.kind(), "parameter_declaration" | "variadic_parameter"))
                .collect();
        }
        d = match d.child_by_field_name("declarator") {
            Some(inner) => inner,
            None => return Vec::new(),
        };
    }
    Vec::new()
}

/// The name a function definition's declarator declares (through pointer declarators).
fn declared_name(declarator: Node, source: &str) -> Option<String> {
    let mut d = declarator;
    for _ in 0..16 {
        match d.kind() {
            "identifier" => return source.get(d.byte_range()).map(str::to_string),
            "function_declarator"
            | "pointer_declarator"
            | "parenthesized_declarator"
            | "attributed_declarator"
            | "block_pointer_declarator" => {
                d = d.child_by_field_name("declarator").or_else(|| d.named_child(0))?;
            }
            _ => return None,
        }
    }
    None
}

/// How the Go code hands each exported name (among `exported`) to C: for every use, the C
/// function whose argument it is (through conversions, `(C.SYM_CB)(unsafe.Pointer(C.cb))`)
/// with the argument's position, or `None` for any other use.
pub type Handed = BTreeMap<String, Vec<Option<(String, usize)>>>;

/// Every use of the exported names among `exported` in the Go code (see [`Handed`]).
pub fn handed_to_c(pkg: &crate::model::Package, exported: &[&str]) -> Handed {
    use crate::model::{ExprKind, Parent};
    let mut out: Handed = BTreeMap::new();
    for id in pkg.expr_ids() {
        let Some(("C", name)) = pkg.qualified_name(id) else { continue };
        let Some(&name) = exported.iter().find(|n| **n == name) else { continue };
        // The call this use is an argument of, through conversions.
        let mut cur = id;
        let mut callee = None;
        for _ in 0..8 {
            let Parent::Expr(p) = pkg.expr(cur).parent else { break };
            let ExprKind::Call { func, args, .. } = &pkg.expr(p).kind else { break };
            let Some(position) = args.iter().position(|a| *a == cur) else { break };
            let view = matches!(pkg.qualified_name(*func), Some(("unsafe", "Pointer")));
            if pkg.conversion_type(p).is_some() || view {
                cur = p;
                continue;
            }
            callee = pkg.c_callee(p).map(|f| (f.to_string(), position));
            break;
        }
        out.entry(name.to_string()).or_default().push(callee);
    }
    out
}

/// The exported names whose every use is as an argument of a C iterator ([`iterates`]) the
/// package's C does not define, each with those iterators.
fn handed_only_to_iterators<'h>(
    handed: &'h Handed,
    funcs: &BTreeMap<String, CFunc>,
) -> BTreeMap<&'h str, BTreeSet<String>> {
    handed
        .iter()
        .filter_map(|(name, uses)| {
            let through: Option<BTreeSet<String>> = uses
                .iter()
                .map(|u| u.as_ref().filter(|(f, _)| iterates(f) && !funcs.contains_key(f)).map(|(f, _)| f.clone()))
                .collect();
            Some((name.as_str(), through?))
        })
        .collect()
}

/// The exported names whose every use is as an argument of a preamble wrapper that
/// registers that parameter for GLib's main context (`C.signal_connect(w, ev,
/// C.onKeyPress, 0)` with `signal_connect` calling `g_signal_connect(w, ev, cb, data)`).
fn registered_through_wrappers<'h>(handed: &'h Handed, funcs: &BTreeMap<String, CFunc>) -> Vec<&'h str> {
    let registers: BTreeMap<&str, BTreeSet<usize>> =
        funcs.iter().map(|(n, f)| (n.as_str(), f.registers_params())).filter(|(_, r)| !r.is_empty()).collect();
    if registers.is_empty() {
        return Vec::new();
    }
    handed
        .iter()
        .filter(|(_, uses)| {
            uses.iter()
                .all(|u| u.as_ref().is_some_and(|(f, i)| registers.get(f.as_str()).is_some_and(|r| r.contains(i))))
        })
        .map(|(n, _)| n.as_str())
        .collect()
}

/// The exported names (among `exported`) whose looked-up pointers reach only trampolines:
/// the Go code writes the name in a string, and the result of every call of a lookup
/// function is only handed to trampolines, compared, or given to another package's Go
/// function (`t.Log(addr)`), directly or through a local variable. Anything else (stored,
/// returned, handed to another C function or to the package's own Go) and no name is.
pub fn lookups_reach_only(
    pkg: &crate::model::Package,
    exported: &[&str],
    lookups: &BTreeSet<String>,
    trampolines: &BTreeSet<String>,
) -> Vec<String> {
    use crate::model::{ExprId, ExprKind, Parent, Resolved, StmtKind};
    // Whether a value at `e` goes only where a looked-up pointer may go.
    let contained = |e: ExprId| -> bool {
        let mut cur = e;
        for _ in 0..8 {
            match pkg.expr(cur).parent {
                Parent::Expr(p) => match &pkg.expr(p).kind {
                    ExprKind::Call { func, args, .. } if args.contains(&cur) => {
                        if pkg.conversion_type(p).is_some() {
                            cur = p;
                            continue;
                        }
                        return match pkg.qualified_name(*func) {
                            Some(("C", name)) => trampolines.contains(name),
                            Some(_) => true,
                            None => match &pkg.expr(*func).kind {
                                // A method of a value of another package's type (`t.Log`).
                                ExprKind::Selector { .. } => pkg.callee_func(*func).is_none(),
                                _ => false,
                            },
                        };
                    }
                    ExprKind::Binary { op, .. } => return matches!(op.as_str(), "==" | "!=" | "<" | ">" | "<=" | ">="),
                    _ => return false,
                },
                Parent::Stmt(s) => return matches!(pkg.stmt(s).kind, StmtKind::Expr(_)),
                Parent::None => return false,
            }
        }
        false
    };
    let mut found_lookup = false;
    // Variables holding a lookup's result, whose uses are checked in one pass below.
    let mut holders: std::collections::HashSet<crate::model::BindingId> = Default::default();
    for id in pkg.expr_ids() {
        if !pkg.c_callee(id).is_some_and(|name| lookups.contains(name)) {
            continue;
        }
        found_lookup = true;
        // Into a local variable (`addr := C.lookup(h, name)`): every use of it.
        match pkg.expr(id).parent {
            Parent::Stmt(s) => match &pkg.stmt(s).kind {
                StmtKind::Assign { lhs, rhs, .. } if lhs.len() == 1 && rhs.as_slice() == [id] => {
                    match pkg.resolve(lhs[0]) {
                        Some(Resolved::Local(b)) if pkg.binding(b).init == Some((id, 0)) => holders.insert(b),
                        _ => return Vec::new(),
                    };
                }
                StmtKind::Expr(_) => {}
                _ => return Vec::new(),
            },
            _ if !contained(id) => return Vec::new(),
            _ => {}
        }
    }
    if !found_lookup {
        return Vec::new();
    }
    if !holders.is_empty() {
        for e in pkg.expr_ids() {
            let Some(Resolved::Local(b)) = pkg.resolve(e).filter(|_| matches!(pkg.expr(e).kind, ExprKind::Name { .. }))
            else {
                continue;
            };
            if holders.contains(&b) && pkg.expr(e).span != pkg.binding(b).span && !contained(e) {
                return Vec::new();
            }
        }
    }
    let mut names: Vec<String> = pkg
        .expr_ids()
        .filter(|e| matches!(pkg.expr(*e).kind, ExprKind::Literal))
        .filter_map(|e| {
            let text = pkg.text(pkg.expr(e).span);
            let inner = text.strip_prefix('"').and_then(|t| t.strip_suffix('"'))?;
            exported.iter().find(|n| **n == inner).map(|n| n.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// What a piece of C (a cgo preamble, or the package's `.c` files) declares, for the
/// questions asked about `C.name`: one parse with tree-sitter-c, then lookups. Built once
/// per file ([`crate::model::File::c`]) instead of scanning the preamble's text for every
/// name, which was quadratic in the size of generated bindings (go-gl/gl).
#[derive(Debug, Default, Clone)]
pub struct CIndex {
    /// Functions declared or defined, by name.
    funcs: HashMap<String, CDecl>,
    /// Names declared with `typedef`.
    typedefs: crate::hash::HashSet<String>,
    /// What each function definition calls and takes, for [`synchronous_callbacks`].
    calls: BTreeMap<String, CFunc>,
    /// Names taken at file scope (initializers of function-pointer tables).
    escaping: BTreeSet<String>,
    /// Where its Objective-C methods run, for [`synchronous_callbacks`].
    objc: ObjcFacts,
    /// Too large to parse, or not parsed: nothing is known of it.
    unread: bool,
}

/// A C function as its declarations and definition show it.
#[derive(Debug, Default, Clone)]
struct CDecl {
    /// Per parameter, of its first declaration: it points to `const` data (`const T *`,
    /// `T const *`), so the function only reads through it.
    const_params: Vec<bool>,
    /// Its definition's body calls an allocator and returns (`return malloc(n);`, or a
    /// buffer it allocated): what it returns is C heap memory.
    allocates: bool,
    /// Per parameter of its definition: the body writes through it (`*p = x`, `p[i] = x`,
    /// `p->f = x`, `p[i]++`, `memcpy(p, ...)`, or hands it to a function of the same source
    /// that does).
    writes: Vec<bool>,
    /// Per parameter of its definition: the body frees it (`free(p)`, or hands it to a
    /// function of the same source that does).
    frees: Vec<bool>,
}

/// Library calls that write through an argument: (name, index of that argument).
const WRITING_CALLS: &[(&str, usize)] = &[
    ("memcpy", 0),
    ("memmove", 0),
    ("memset", 0),
    ("bzero", 0),
    ("strcpy", 0),
    ("strncpy", 0),
    ("strcat", 0),
    ("strncat", 0),
    ("sprintf", 0),
    ("snprintf", 0),
    ("vsnprintf", 0),
    ("fgets", 0),
    ("fread", 0),
    ("read", 1),
    ("pread", 1),
    ("recv", 1),
    ("recvfrom", 1),
];

/// Library calls that release their first argument.
const FREEING_CALLS: &[&str] = &["free", "munmap", "realloc"];

/// What a definition's body does with its parameters, before the calls to other functions
/// of the same source are followed.
#[derive(Default)]
struct ParamEffects {
    writes: Vec<bool>,
    frees: Vec<bool>,
    /// (callee, argument index, parameter index): the parameter handed to a named callee.
    handed: Vec<(String, usize, usize)>,
}

/// Calls whose result is C heap memory, as a definition's body names them.
const ALLOCATING: &[&str] = &["malloc(", "calloc(", "realloc(", "strdup(", "strndup(", "aligned_alloc("];

/// Node kinds at file scope that hold more file-scope declarations.
const CONTAINERS: &[&str] = &[
    "translation_unit",
    "preproc_if",
    "preproc_ifdef",
    "preproc_else",
    "preproc_elif",
    "preproc_elifdef",
    "linkage_specification",
    "declaration_list",
];

impl CIndex {
    /// Indexes the C `source`. A source larger than [`MAX_SOURCE_BYTES`] is not parsed:
    /// nothing is known of it.
    pub fn of(source: &str) -> CIndex {
        CIndex::parse(source, tree_sitter_c::LANGUAGE.into())
    }

    /// Indexes a cgo preamble: as Objective-C when it is written in it (compiled with `-x
    /// objective-c`, or using `#import`, `@interface`, `@implementation`), as C otherwise.
    pub fn of_preamble(preamble: &str) -> CIndex {
        if objective_c(preamble) {
            CIndex::of_objc(preamble)
        } else {
            CIndex::of(preamble)
        }
    }

    /// Indexes the Objective-C `source` (a `.m` file): its C as [`CIndex::of`] does, and
    /// its classes, methods and blocks.
    pub fn of_objc(source: &str) -> CIndex {
        CIndex::parse(source, tree_sitter_objc::LANGUAGE.into())
    }

    fn parse(source: &str, language: tree_sitter::Language) -> CIndex {
        let mut index = CIndex::default();
        if source.trim().is_empty() {
            return index;
        }
        index.unread = true;
        if source.len() > MAX_SOURCE_BYTES {
            return index;
        }
        let mut parser = Parser::new();
        if parser.set_language(&language).is_err() {
            return index;
        }
        let Some(tree) = parser.parse(source, None) else { return index };
        index.add(&tree, source);
        self::index(&tree, source, &mut index.calls, &mut index.escaping, &mut index.objc);
        index.unread = false;
        index
    }

    /// Adds the file-scope declarations of one parsed source. A cursor-free walk with an
    /// explicit stack that never enters a function body or a struct.
    fn add(&mut self, tree: &Tree, source: &str) {
        let text = |n: Node| source.get(n.byte_range()).unwrap_or("");
        // (caller, callee, argument index, caller's parameter index), followed below.
        let mut handed: Vec<(String, String, usize, usize)> = Vec::new();
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            match node.kind() {
                "function_definition" => {
                    let Some(declarator) = node.child_by_field_name("declarator") else { continue };
                    let Some(name) = declared_name(declarator, source) else { continue };
                    let body_node = node.child_by_field_name("body");
                    let body = body_node.map(text).unwrap_or("");
                    let allocates = ALLOCATING.iter().any(|a| body.contains(a)) && body.contains("return");
                    let params = positional_parameter_names(declarator, source);
                    let fx = body_node.map(|b| param_effects(b, source, &params)).unwrap_or_default();
                    let decl = self.funcs.entry(name.clone()).or_insert_with(|| CDecl {
                        const_params: const_params(declarator, source),
                        ..CDecl::default()
                    });
                    decl.allocates |= allocates;
                    decl.writes = fx.writes;
                    decl.frees = fx.frees;
                    handed.extend(fx.handed.into_iter().map(|(callee, arg, param)| (name.clone(), callee, arg, param)));
                }
                "declaration" => {
                    let mut cursor = node.walk();
                    for d in node.children_by_field_name("declarator", &mut cursor) {
                        // `char *f(int)`, `int f(void)`: a function declarator inside.
                        let Some(f) = function_declarator(d) else { continue };
                        let Some(name) = declared_name(f, source) else { continue };
                        self.funcs
                            .entry(name)
                            .or_insert_with(|| CDecl { const_params: const_params(f, source), ..CDecl::default() });
                    }
                }
                "type_definition" => {
                    let mut cursor = node.walk();
                    for d in node.children_by_field_name("declarator", &mut cursor) {
                        if let Some(name) = typedef_name(d, source) {
                            self.typedefs.insert(name);
                        }
                    }
                }
                kind if CONTAINERS.contains(&kind) => {
                    let mut cursor = node.walk();
                    stack.extend(node.named_children(&mut cursor));
                }
                _ => {}
            }
        }
        self.follow_handed(&handed);
    }

    /// Whether the source was too large to read: nothing is known of it.
    pub fn unread(&self) -> bool {
        self.unread
    }

    /// Whether the C function `name`'s definition writes through its parameter `i`.
    pub fn writes_param(&self, name: &str, i: usize) -> bool {
        self.funcs.get(name).and_then(|f| f.writes.get(i)).copied().unwrap_or(false)
    }

    /// Whether the C function `name`'s definition frees its parameter `i`.
    pub fn frees_param(&self, name: &str, i: usize) -> bool {
        self.funcs.get(name).and_then(|f| f.frees.get(i)).copied().unwrap_or(false)
    }

    /// Follows parameters handed to other functions of the source: a function that hands
    /// its parameter to one that writes through (or frees) it does too. A fixpoint: each
    /// round sets at least one more bit, and there are finitely many.
    fn follow_handed(&mut self, handed: &[(String, String, usize, usize)]) {
        loop {
            let mut changed = false;
            for (caller, callee, arg, param) in handed {
                let Some(c) = self.funcs.get(callee) else { continue };
                let (writes, frees) =
                    (c.writes.get(*arg).copied().unwrap_or(false), c.frees.get(*arg).copied().unwrap_or(false));
                let Some(f) = self.funcs.get_mut(caller) else { continue };
                for (set, bits) in [(writes, &mut f.writes), (frees, &mut f.frees)] {
                    if set && bits.get(*param) == Some(&false) {
                        bits[*param] = true;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Whether the C function `name` is defined here with a body that returns allocated
    /// heap memory.
    pub fn allocates(&self, name: &str) -> bool {
        self.funcs.get(name).is_some_and(|f| f.allocates)
    }

    /// Whether parameter `i` of the C function `name` points to `const` data.
    pub fn param_is_const(&self, name: &str, i: usize) -> bool {
        self.funcs.get(name).and_then(|f| f.const_params.get(i)).copied().unwrap_or(false)
    }

    /// Whether the source declares or defines the C function `name`.
    pub fn declares(&self, name: &str) -> bool {
        self.funcs.contains_key(name)
    }

    /// Whether `name` is declared with `typedef`.
    pub fn is_typedef(&self, name: &str) -> bool {
        self.typedefs.contains(name)
    }
}

/// The name of each parameter of a function declarator, by position (`None` for an unnamed
/// one or `...`).
fn positional_parameter_names(declarator: Node, source: &str) -> Vec<Option<String>> {
    parameters(declarator)
        .into_iter()
        .map(|p| p.child_by_field_name("declarator").and_then(|d| parameter_declared_name(d, source)))
        .collect()
}

/// The name a parameter's declarator declares: `p`, `*p`, `**p`, `p[]`, `*const p`.
fn parameter_declared_name(declarator: Node, source: &str) -> Option<String> {
    let mut d = declarator;
    for _ in 0..16 {
        match d.kind() {
            "identifier" => return source.get(d.byte_range()).map(str::to_string),
            "pointer_declarator" | "array_declarator" | "attributed_declarator" => {
                d = d.child_by_field_name("declarator")?
            }
            "parenthesized_declarator" => d = d.named_child(0)?,
            _ => return None,
        }
    }
    None
}

/// The parameter an expression is, through casts, parentheses and pointer arithmetic
/// (`p`, `(char *)p`, `p + 4`), and whether the way there dereferences it (`*p`, `p[i]`,
/// `p->f`): for an assignment's left side, only a dereference writes through the parameter.
fn parameter_root(expr: Node, source: &str, params: &[Option<String>]) -> Option<(usize, bool)> {
    let mut e = expr;
    let mut deref = false;
    for _ in 0..32 {
        match e.kind() {
            "identifier" => {
                let name = source.get(e.byte_range())?;
                return params.iter().position(|p| p.as_deref() == Some(name)).map(|i| (i, deref));
            }
            "pointer_expression" => {
                // `*p` dereferences; `&p` does not reach through p.
                if e.child_by_field_name("operator").and_then(|o| source.get(o.byte_range())) != Some("*") {
                    return None;
                }
                deref = true;
                e = e.child_by_field_name("argument")?;
            }
            "subscript_expression" => {
                deref = true;
                e = e.child_by_field_name("argument")?;
            }
            "field_expression" => {
                deref |= e.child_by_field_name("operator").and_then(|o| source.get(o.byte_range())) == Some("->");
                e = e.child_by_field_name("argument")?;
            }
            "parenthesized_expression" => e = e.named_child(0)?,
            "cast_expression" => e = e.child_by_field_name("value")?,
            "binary_expression" => {
                let op = e.child_by_field_name("operator").and_then(|o| source.get(o.byte_range()));
                if !matches!(op, Some("+" | "-")) {
                    return None;
                }
                e = e.child_by_field_name("left")?;
            }
            _ => return None,
        }
    }
    None
}

/// What a function body does with its parameters: writes through them, frees them, hands
/// them to named callees. An explicit stack over the body's nodes.
fn param_effects(body: Node, source: &str, params: &[Option<String>]) -> ParamEffects {
    let mut fx =
        ParamEffects { writes: vec![false; params.len()], frees: vec![false; params.len()], handed: Vec::new() };
    if params.iter().all(Option::is_none) {
        return fx;
    }
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "assignment_expression" => {
                if let Some((i, true)) =
                    node.child_by_field_name("left").and_then(|l| parameter_root(l, source, params))
                {
                    fx.writes[i] = true;
                }
            }
            "update_expression" => {
                if let Some((i, true)) =
                    node.child_by_field_name("argument").and_then(|a| parameter_root(a, source, params))
                {
                    fx.writes[i] = true;
                }
            }
            "call_expression" => {
                let callee = node
                    .child_by_field_name("function")
                    .filter(|f| f.kind() == "identifier")
                    .and_then(|f| source.get(f.byte_range()));
                let args: Vec<Node> = node
                    .child_by_field_name("arguments")
                    .map(|a| {
                        let mut cursor = a.walk();
                        a.named_children(&mut cursor).collect()
                    })
                    .unwrap_or_default();
                if let Some(callee) = callee {
                    for (k, arg) in args.iter().enumerate() {
                        let Some((i, deref)) = parameter_root(*arg, source, params) else { continue };
                        if deref {
                            continue;
                        }
                        if WRITING_CALLS.contains(&(callee, k)) {
                            fx.writes[i] = true;
                        } else if k == 0 && FREEING_CALLS.contains(&callee) {
                            fx.frees[i] = true;
                        } else {
                            fx.handed.push((callee.to_string(), k, i));
                        }
                    }
                }
            }
            _ => {}
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    fx
}

/// The function declarator a declaration's declarator is or holds (through pointer
/// declarators for functions that return pointers), if it declares a function.
fn function_declarator(declarator: Node) -> Option<Node> {
    let mut d = declarator;
    for _ in 0..16 {
        match d.kind() {
            "function_declarator" => {
                // `int (*fp)(void)` declares a pointer variable, not a function.
                let inner = d.child_by_field_name("declarator")?;
                return (inner.kind() != "parenthesized_declarator").then_some(d);
            }
            "pointer_declarator" | "attributed_declarator" => d = d.child_by_field_name("declarator")?,
            _ => return None,
        }
    }
    None
}

/// Per parameter of a function declarator: whether it points to `const` data.
fn const_params(declarator: Node, source: &str) -> Vec<bool> {
    parameters(declarator)
        .into_iter()
        .map(|p| {
            let mut cursor = p.walk();
            let qualified = p
                .named_children(&mut cursor)
                .any(|c| c.kind() == "type_qualifier" && source.get(c.byte_range()) == Some("const"));
            let pointer = p
                .child_by_field_name("declarator")
                .is_some_and(|d| matches!(d.kind(), "pointer_declarator" | "abstract_pointer_declarator"));
            qualified && pointer
        })
        .collect()
}

/// The name a `typedef` declarator declares: `name`, `*name`, `(*name)(void)`, `name[4]`.
fn typedef_name(declarator: Node, source: &str) -> Option<String> {
    let mut d = declarator;
    for _ in 0..16 {
        match d.kind() {
            "type_identifier" | "identifier" | "primitive_type" => {
                return source.get(d.byte_range()).map(str::to_string)
            }
            "function_declarator" | "pointer_declarator" | "array_declarator" | "attributed_declarator" => {
                d = d.child_by_field_name("declarator")?;
            }
            "parenthesized_declarator" => d = d.named_child(0)?,
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod index_tests {
    use super::*;

    #[test]
    fn functions_typedefs_and_const_parameters() {
        let c = "#include <stdlib.h>\n#ifdef _WIN32\ntypedef unsigned long DWORD;\n#endif\n\
                 typedef struct { int x; } point;\ntypedef void (*callback)(void *);\ntypedef int vec4[4];\n\
                 extern int send_all(int fd, const char *buf, char *out, char const *tail, char *const fixed);\n\
                 static char *new_buf(size_t n) {\n  char *b = malloc(n);\n  return b;\n}\n\
                 static int *slot(void) { static int s; return &s; }\n\
                 int (*handler)(const char *);\n\
                 #ifdef __cplusplus\nextern \"C\" {\n#endif\nvoid fill(const void *, int);\n#ifdef __cplusplus\n}\n#endif\n";
        let index = CIndex::of(c);
        for t in ["DWORD", "point", "callback", "vec4"] {
            assert!(index.is_typedef(t), "{t}");
        }
        assert!(!index.is_typedef("send_all") && !index.is_typedef("x"));
        let consts: Vec<bool> = (0..6).map(|i| index.param_is_const("send_all", i)).collect();
        assert_eq!(consts, [false, true, false, true, false, false]);
        assert!(index.param_is_const("fill", 0) && !index.param_is_const("fill", 1));
        assert!(index.allocates("new_buf") && !index.allocates("slot") && !index.allocates("send_all"));
        // A function pointer variable is not a function.
        assert!(!index.param_is_const("handler", 0));
    }

    #[test]
    fn what_definitions_do_with_their_parameters() {
        let c = "#include <string.h>\n#include <stdlib.h>\n\
                 struct s { int n; char *buf; };\n\
                 void set(int *p, int v) { *p = v; }\n\
                 void fill(char *dst, const char *src, int n) { memcpy(dst, src, n); dst[n] = 0; }\n\
                 void bump(struct s *x) { x->n++; }\n\
                 int sum(const int *a, int n) { int t = 0; for (int i = 0; i < n; i++) t += a[i]; return t; }\n\
                 void release(void *p) { free(p); }\n\
                 void wrap(char *out, void *gone) { fill(out + 1, \"x\", 1); release(gone); }\n\
                 void local(char *p) { char *q = p; q = 0; p = q; }\n\
                 void unnamed(int *, char *b) { b[0] = 1; }\n";
        let index = CIndex::of(c);
        let writes = |f: &str, n: usize| (0..n).map(|i| index.writes_param(f, i)).collect::<Vec<_>>();
        assert_eq!(writes("set", 2), [true, false]);
        assert_eq!(writes("fill", 3), [true, false, false], "memcpy's destination and dst[n]");
        assert_eq!(writes("bump", 1), [true], "x->n++");
        assert_eq!(writes("sum", 2), [false, false], "reading a[i] writes nothing");
        assert_eq!(writes("wrap", 2), [true, false], "through fill, a function of the same source");
        assert!(index.frees_param("release", 0) && index.frees_param("wrap", 1) && !index.frees_param("wrap", 0));
        assert_eq!(writes("local", 1), [false], "assigning the parameter itself writes nothing it points to");
        assert_eq!(writes("unnamed", 2), [false, true], "positions count unnamed parameters");
        assert!(!index.writes_param("undeclared", 0));
    }

    #[test]
    fn nothing_is_known_of_empty_or_huge_sources() {
        assert!(!CIndex::of("").is_typedef("x"));
        let huge = format!("typedef int big;\n{}", "int x;\n".repeat(MAX_SOURCE_BYTES / 7 + 1));
        assert!(!CIndex::of(&huge).is_typedef("big"));
    }
}
