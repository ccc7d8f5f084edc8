//! What the package's C does with the functions Go exports (`blindspot_go::cfront`).

use std::collections::{BTreeMap, BTreeSet};

use blindspot_go::cfront::{CIndex, LookedUp};

/// The synchronous callbacks of C `sources`, each indexed as blindspot indexes a preamble
/// or a `.c` file.
fn synchronous_callbacks(
    sources: &[&str],
    exported: &[&str],
    looked_up: &LookedUp,
) -> BTreeMap<String, BTreeSet<String>> {
    let indexes: Vec<CIndex> = sources.iter().map(|s| CIndex::of(s)).collect();
    let refs: Vec<&CIndex> = indexes.iter().collect();
    blindspot_go::cfront::synchronous_callbacks(&refs, exported, looked_up, &Default::default())
}

fn sync(sources: &[&str], exported: &[&str]) -> Vec<String> {
    synchronous_callbacks(sources, exported, &|_, _| Vec::new()).into_keys().collect()
}

#[test]
fn a_callback_called_during_a_c_call_is_synchronous() {
    let c = "#include <stdlib.h>\nextern void goCallback(char*);\n\
             void callGo(void) { goCallback(\"hello\"); }\n\
             static void helper(int n) { for (int i = 0; i < n; i++) callGo(); }\n\
             void callGoTwice(void) { helper(2); }\n";
    assert_eq!(sync(&[c], &["goCallback"]), ["goCallback"]);
    let through = &synchronous_callbacks(&[c], &["goCallback"], &|_, _| Vec::new())["goCallback"];
    assert_eq!(through.iter().map(String::as_str).collect::<Vec<_>>(), ["callGo", "callGoTwice", "helper"]);
}

#[test]
fn a_callback_c_never_names_is_unknown() {
    // Found with dlsym, or called by a library: it may run on any thread.
    let c = "#include <dlfcn.h>\nvoid call(void *arg) { void (*fn)(void) = arg; fn(); }\n";
    assert!(sync(&[c], &["goCallback"]).is_empty());
    assert!(sync(&[""], &["goCallback"]).is_empty());
}

#[test]
fn a_looked_up_callback_handed_to_a_trampoline_is_synchronous() {
    let c = "#include <stdint.h>\n#include <dlfcn.h>\n\
             uintptr_t lookup(uintptr_t h, char *name) { return (uintptr_t)dlsym((void *)h, name); }\n\
             void call(void *arg) { void (*fn)(void) = arg; fn(); }\n\
             void call2(void (*f)(int), int n) { (*f)(n); }\n\
             void (*handlers[4])(void);\nvoid fire(int i) { handlers[i](); }\n\
             void keep(void (*f)(void)) { handlers[0] = f; }\n";
    // What the package's C offers to the Go side: lookups and trampolines (not `fire`, whose
    // pointer comes from a table, nor `keep`, which stores it).
    let seen = std::cell::RefCell::new(None);
    let ask = |lookups: &std::collections::BTreeSet<String>, trampolines: &std::collections::BTreeSet<String>| {
        *seen.borrow_mut() = Some((lookups.clone(), trampolines.clone()));
        vec!["goCallback".to_string()]
    };
    let found = synchronous_callbacks(&[c], &["goCallback", "other"], &ask);
    let (lookups, trampolines) = seen.borrow().clone().expect("asked");
    assert!(lookups.contains("lookup") && lookups.contains("dlsym"));
    assert_eq!(trampolines.iter().map(String::as_str).collect::<Vec<_>>(), ["call", "call2"]);
    // Only what the Go side approves; reached through every trampoline.
    assert_eq!(found.keys().collect::<Vec<_>>(), ["goCallback"]);
    assert_eq!(found["goCallback"].iter().map(String::as_str).collect::<Vec<_>>(), ["call", "call2"]);
    // A trampoline that is itself a thread's start routine is not one.
    let threads = "#include <pthread.h>\nstatic void *call(void *arg) { void (*fn)(void) = arg; fn(); return 0; }\n\
                   void start(void *f) { pthread_t t; pthread_create(&t, NULL, call, f); }\n";
    assert!(synchronous_callbacks(&[threads], &["goCallback"], &|_, _| vec!["goCallback".to_string()]).is_empty());
}

#[test]
fn a_thread_started_and_not_joined_is_concurrent() {
    let c = "#include <pthread.h>\nextern void goTick(void);\n\
             static void *loop(void *arg) { for (;;) goTick(); return 0; }\n\
             void startTicker(void) { pthread_t t; pthread_create(&t, NULL, loop, NULL); }\n";
    assert!(sync(&[c], &["goTick"]).is_empty());
}

#[test]
fn a_thread_joined_before_returning_is_in_order() {
    let posix = "#include <pthread.h>\nextern void IntoGoAndBack(void);\n\
                 static void *sigthreadfunc(void *arg) { IntoGoAndBack(); return NULL; }\n\
                 int RunSigThread(void) { pthread_t t; int r = pthread_create(&t, NULL, &sigthreadfunc, NULL);\n\
                 if (r != 0) return r; return pthread_join(t, NULL); }\n";
    assert_eq!(sync(&[posix], &["IntoGoAndBack"]), ["IntoGoAndBack"]);
    let windows = "#include <windows.h>\nextern void testHandleLeaksCallback(void);\n\
                   static DWORD WINAPI thread(LPVOID p) { testHandleLeaksCallback(); return 0; }\n\
                   void testHandleLeaks(void) { HANDLE h = CreateThread(NULL, 0, thread, NULL, 0, NULL);\n\
                   WaitForSingleObject(h, INFINITE); CloseHandle(h); }\n";
    assert_eq!(sync(&[windows], &["testHandleLeaksCallback"]), ["testHandleLeaksCallback"]);
}

#[test]
fn a_callback_stored_or_handed_on_is_concurrent() {
    let table = "extern void onEvent(int);\nstatic void (*handlers[])(int) = { onEvent };\n\
                 void fire(int e) { onEvent(e); }\n";
    assert!(sync(&[table], &["onEvent"]).is_empty());
    let registered = "extern void onEvent(int);\nvoid lib_register(void (*)(int));\n\
                      void setup(void) { lib_register(onEvent); }\nvoid fire(int e) { onEvent(e); }\n";
    assert!(sync(&[registered], &["onEvent"]).is_empty());
    // Reached through a C function whose address is handed on.
    let indirect = "extern void onEvent(int);\nvoid lib_register(void (*)(int));\n\
                    static void trampoline(int e) { onEvent(e); }\n\
                    void setup(void) { lib_register(trampoline); }\n";
    assert!(sync(&[indirect], &["onEvent"]).is_empty());
}

#[test]
fn preambles_and_c_files_are_read_together() {
    let preamble = "extern void goDone(int);\nextern void run(int);\n";
    let file = "extern void goDone(int);\nvoid run(int n) { goDone(n); }\n";
    assert_eq!(sync(&[preamble, file], &["goDone", "goOther"]), ["goDone"]);
}

#[test]
fn broken_or_hostile_c_does_not_panic() {
    let deep = format!("void f(void) {{ {} g(); {} }}", "{".repeat(50_000), "}".repeat(50_000));
    let _ = sync(&[&deep], &["g"]);
    let _ = sync(&["void f( { ) goCb(;; }}}"], &["goCb"]);
    let calls = format!("void f(void) {{ {}; }}", "g(".repeat(20_000) + &")".repeat(20_000));
    let _ = sync(&[&calls], &["g"]);
    // A callback named 30,000 levels deep in a file-scope initializer escapes (it took 50 s
    // when each name climbed its parents, each parent a walk from the root).
    let table = format!("void *t = {}g{};\nvoid call(void) {{ g(); }}\n", "(".repeat(30_000), ")".repeat(30_000));
    assert!(sync(&[&table], &["g"]).is_empty());
}

#[test]
fn joined_threads_created_in_a_loop_run_at_once() {
    let c = "#include <pthread.h>\nextern void goOnRecord(char **, int);\n\
             static void *worker(void *arg) { goOnRecord(0, 0); return NULL; }\n\
             int parse(int n) { pthread_t t[8]; for (int i = 0; i < n; i++) pthread_create(&t[i], NULL, worker, NULL);\n\
             for (int i = 0; i < n; i++) pthread_join(t[i], NULL); return n; }\n";
    assert!(sync(&[c], &["goOnRecord"]).is_empty());
    let twice = "#include <pthread.h>\nextern void goCb(void);\n\
                 static void *w(void *a) { goCb(); return NULL; }\n\
                 void two(void) { pthread_t a, b; pthread_create(&a, NULL, w, NULL); pthread_create(&b, NULL, w, NULL);\n\
                 pthread_join(a, NULL); pthread_join(b, NULL); }\n";
    assert!(sync(&[twice], &["goCb"]).is_empty());
}

#[test]
fn a_retry_loop_that_joins_runs_one_thread_at_a_time() {
    let c = "#include <pthread.h>\nextern void IntoGoAndBack(void);\n\
             static void *f(void *u) { IntoGoAndBack(); return NULL; }\n\
             int RunSigThread(void) { pthread_t t; int r;\n\
             for (int tries = 0; tries < 20; tries++) { r = pthread_create(&t, NULL, &f, NULL);\n\
             if (r == 0) return pthread_join(t, NULL); }\n return r; }\n";
    assert_eq!(sync(&[c], &["IntoGoAndBack"]), ["IntoGoAndBack"]);
}

/// The synchronous callbacks of Objective-C `sources` (`.m` files) and cgo `preambles`.
fn sync_objc(objc: &[&str], preambles: &[&str], exported: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let indexes: Vec<CIndex> =
        objc.iter().map(|s| CIndex::of_objc(s)).chain(preambles.iter().map(|s| CIndex::of_preamble(s))).collect();
    let refs: Vec<&CIndex> = indexes.iter().collect();
    blindspot_go::cfront::synchronous_callbacks(&refs, exported, &|_, _| Vec::new(), &Default::default())
}

const UI: &str = "#import <UIKit/UIKit.h>\n\
    extern void onTouch(int);\nextern void onSize(int);\nextern void onDraw(void);\n\
    extern void onLoad(void);\nextern void onTick(void);\n\
    @interface Canvas : UIView\n@end\n\
    @interface ZoomCanvas : Canvas\n@end\n\
    @interface Delegate : NSObject <UIApplicationDelegate>\n@end\n\
    @interface Fetcher : NSObject\n@end\n\
    @implementation Canvas\n\
    static void forward(int n) { onTouch(n); }\n\
    - (void)touchesBegan:(NSSet *)touches withEvent:(UIEvent *)event { forward((int)touches.count); }\n\
    @end\n\
    @implementation ZoomCanvas\n\
    - (void)layoutSubviews {\n  [coordinator animateAlongsideTransition:^(id c) { onSize(1); } completion:nil];\n}\n\
    @end\n\
    @implementation Delegate\n\
    - (BOOL)application:(UIApplication *)app didFinishLaunchingWithOptions:(NSDictionary *)o { onLoad(); return YES; }\n\
    @end\n\
    @implementation Fetcher\n- (void)fetched { onTick(); }\n@end\n\
    void redraw(void) { dispatch_async(dispatch_get_main_queue(), ^{ onDraw(); }); }\n\
    void runApp(void) { @autoreleasepool { UIApplicationMain(0, 0, nil, @\"Delegate\"); } }\n";

#[test]
fn ui_methods_run_inside_the_main_run_loop() {
    let exported = ["onTouch", "onSize", "onDraw", "onLoad", "onTick"];
    let found = sync_objc(&[UI], &[], &exported);
    // Views (and the package's subclasses of them), application delegates, and blocks queued
    // on the main queue or run by a UIKit animation: inside runApp's run loop.
    for name in ["onTouch", "onSize", "onDraw", "onLoad"] {
        assert!(found.get(name).is_some_and(|through| through.contains("runApp")), "{name}: {found:?}");
    }
    // A method of a class that is not a UI class may be sent from any thread.
    assert!(!found.contains_key("onTick"), "{found:?}");
}

#[test]
fn ui_methods_need_a_run_loop_and_no_other_thread() {
    let exported = ["onTouch", "onLoad"];
    // No C function of the package enters the run loop: where the methods run is unknown.
    let no_loop = UI.replace("UIApplicationMain(0, 0, nil, @\"Delegate\");", "");
    assert!(sync_objc(&[&no_loop], &[], &exported).is_empty());
    // A block handed to a global queue, a thread started by selector or by pthread_create
    // (in any source of the package): any method may be messaged from another thread.
    for extra in [
        "void later(void) { dispatch_async(dispatch_get_global_queue(0, 0), ^{ [canvas setNeedsDisplay]; }); }\n",
        "void spawn(id t) { [NSThread detachNewThreadSelector:@selector(work) toTarget:t withObject:nil]; }\n",
        "void after(void) { [session dataTaskWithURL:url completionHandler:^(NSData *d) { [v redraw]; }]; }\n",
    ] {
        let source = format!("{UI}{extra}");
        assert!(sync_objc(&[&source], &[], &exported).is_empty(), "{extra}");
    }
    let threads = "#include <pthread.h>\nstatic void *work(void *a) { return a; }\n\
                   void start(void) { pthread_t t; pthread_create(&t, 0, work, 0); }\n";
    assert!(sync_objc(&[UI], &[threads], &exported).is_empty());
    // A block run at once, on the thread of the code around it, changes nothing.
    let inline = format!(
        "{UI}@implementation Canvas (Extra)\n- (void)tap {{ [items enumerateObjectsUsingBlock:^(id o, NSUInteger i, BOOL *s) {{ onTouch(1); }}]; }}\n@end\n"
    );
    assert!(sync_objc(&[&inline], &[], &exported).contains_key("onTouch"));
}

#[test]
fn ui_classes_may_be_declared_in_another_source() {
    // The interface in a header, the implementation and the run loop in `.m` files.
    let header = "@interface Canvas : NSView\n@end\n";
    let view =
        "extern void onKey(int);\n@implementation Canvas\n- (void)keyDown:(NSEvent *)e { onKey(e.keyCode); }\n@end\n";
    let app = "void runApp(void) { [NSApplication sharedApplication]; [NSApp run]; }\n";
    assert!(sync_objc(&[header, view, app], &[], &["onKey"]).contains_key("onKey"));
    assert!(sync_objc(&[view, app], &[], &["onKey"]).is_empty(), "an undeclared class may be anything");
}

#[test]
fn broken_or_hostile_objective_c_does_not_panic() {
    // Blocks nested 20,000 deep, messages nested as deep, a cycle of superclasses, and
    // text that is not Objective-C at all.
    let blocks = format!(
        "extern void g(void);\n@interface V : NSView\n@end\n@implementation V\n- (void)draw {{ {} g(); {} }}\n@end\n\
         void runApp(void) {{ [NSApp run]; }}\n",
        "dispatch_async(dispatch_get_main_queue(), ^{ ".repeat(20_000),
        "});".repeat(20_000)
    );
    let found = sync_objc(&[&blocks], &[], &["g"]);
    assert!(found.contains_key("g"), "main-queue blocks inside a view's method stay on the main thread");
    let messages = format!("void f(void) {{ {}x{}; }}", "[a b:".repeat(20_000), "]".repeat(20_000));
    let _ = sync_objc(&[&messages], &[], &["g"]);
    let cycle = "@interface A : B\n@end\n@interface B : A\n@end\n@implementation A\n- (void)m { g(); }\n@end\n\
                 void runApp(void) { [NSApp run]; }\n";
    assert!(sync_objc(&[cycle], &[], &["g"]).is_empty(), "a class that is no UI class");
    let _ = sync_objc(&["@implementation\n- ( {{ ^^ @end @interface :\n"], &[], &["g"]);
    let _ = CIndex::of_objc("\u{feff}@interface \u{fffd} : NSView\n");
}

#[test]
fn iterators_are_told_from_registrations_by_name() {
    use blindspot_go::cfront::iterates;
    for name in
        ["qsort", "bsearch", "nftw", "dl_iterate_phdr", "bcc_foreach_function_symbol", "git_tree_walk", "list_for_each"]
    {
        assert!(iterates(name), "{name} calls its callback before it returns");
    }
    for name in ["sym_watch", "register_callback", "pthread_create", "signal", "atexit", "walker_start", "set_handler"]
    {
        assert!(!iterates(name), "{name} may keep its callback");
    }
}

#[test]
fn glib_signal_handlers_run_in_the_main_loop() {
    let c = "#include <gtk/gtk.h>\nextern void goEnter(double);\n\
             static gboolean on_enter(GtkWidget *w, double x, gpointer d) { goEnter(x); return TRUE; }\n\
             static gboolean on_tick(gpointer d) { goEnter(0); return FALSE; }\n\
             void connect(GtkWidget *w) { g_signal_connect(w, \"enter\", G_CALLBACK(on_enter), NULL); \
             g_timeout_add(100, on_tick, NULL); }\n";
    let through = &synchronous_callbacks(&[c], &["goEnter"], &|_, _| Vec::new())["goEnter"];
    assert!(through.contains("g_application_run") && through.contains("gtk_main"), "{through:?}");
    // A handler that is also stored elsewhere, or a package that starts threads, is not.
    let stored = "#include <gtk/gtk.h>\nextern void goEnter(double);\n\
                  static void on_enter(double x) { goEnter(x); }\n\
                  void (*hooks[])(double) = { on_enter };\n\
                  void connect(GObject *o) { g_signal_connect(o, \"enter\", G_CALLBACK(on_enter), NULL); }\n";
    assert!(sync(&[stored], &["goEnter"]).is_empty());
    let threads = "#include <gtk/gtk.h>\n#include <pthread.h>\nextern void goEnter(double);\n\
                   static void on_enter(double x) { goEnter(x); }\n\
                   static void *worker(void *a) { return NULL; }\n\
                   void connect(GObject *o) { pthread_t t; pthread_create(&t, NULL, worker, NULL); \
                   g_signal_connect(o, \"enter\", G_CALLBACK(on_enter), NULL); }\n";
    assert!(sync(&[threads], &["goEnter"]).is_empty());
}

#[test]
fn go_handlers_connected_through_a_preamble_wrapper_run_in_the_main_loop() {
    let c = "#include <gtk/gtk.h>\n\
             static void connect_signal(void *o, const char *sig, void *cb, gpointer data) { \
             g_signal_connect(o, sig, G_CALLBACK(cb), data); }\n\
             static void set_hook(void *cb) { }\n";
    let index = CIndex::of(c);
    let run = |uses: Vec<Option<(&str, usize)>>| {
        let handed: blindspot_go::cfront::Handed =
            [("goKey".to_string(), uses.into_iter().map(|u| u.map(|(f, i)| (f.to_string(), i))).collect())]
                .into_iter()
                .collect();
        blindspot_go::cfront::synchronous_callbacks(&[&index], &["goKey"], &|_, _| Vec::new(), &handed)
    };
    // `C.connect_signal(w, sig, C.goKey, nil)`: the wrapper registers its third parameter.
    let through = &run(vec![Some(("connect_signal", 2))])["goKey"];
    assert!(through.contains("gtk_main"), "{through:?}");
    // Handed in another position, to another function, or used otherwise: not known.
    assert!(run(vec![Some(("connect_signal", 3))]).is_empty());
    assert!(run(vec![Some(("connect_signal", 2)), Some(("set_hook", 0))]).is_empty());
    assert!(run(vec![Some(("connect_signal", 2)), None]).is_empty());
}

#[test]
fn objective_c_preambles_are_read_as_objective_c() {
    // The same code as a `.m` file and as a preamble compiled with `-x objective-c`: a sheet's
    // completion handler runs on the main thread, reached through the function that began
    // the sheet (which the Go code calls) and through the run loop.
    let body = "extern void onDone(int);\n\
                void runApp(void) { [NSApp run]; }\n\
                void showPanel(void) { NSOpenPanel *p = [NSOpenPanel openPanel];\n\
                [p beginWithCompletionHandler:^(NSModalResponse r) { onDone((int)r); }]; }\n";
    let preamble = format!("#cgo CFLAGS: -x objective-c\n#import <Cocoa/Cocoa.h>\n{body}");
    for (objc, preambles) in [(vec![body], vec![]), (vec![], vec![preamble.as_str()])] {
        let through = &sync_objc(&objc, &preambles, &["onDone"])["onDone"];
        assert!(through.contains("showPanel") && through.contains("runApp"), "{through:?}");
    }
    // A block handed to a message that runs it anywhere keeps it unknown.
    let elsewhere = "#cgo CFLAGS: -x objective-c\nextern void onDone(int);\n\
                     void runApp(void) { [NSApp run]; }\n\
                     void fetch(NSURLSession *s, NSURL *u) { [[s dataTaskWithURL:u \
                     completionHandler:^(NSData *d, NSURLResponse *r, NSError *e) { onDone(0); }] resume]; }\n";
    assert!(sync_objc(&[], &[elsewhere], &["onDone"]).is_empty());
}

#[test]
fn blocks_by_the_selector_part_and_the_variable_they_are_in() {
    let c = "extern void onFaded(void);\nextern void onMenu(void);\nextern void onClick(void);\n\
             void runApp(void) { [NSEvent addLocalMonitorForEventsMatchingMask:NSEventMaskLeftMouseDown \
             handler:^NSEvent *(NSEvent *e) { onClick(); return e; }]; [NSApp run]; }\n\
             void fade(NSView *v) { [NSAnimationContext runAnimationGroup:^(NSAnimationContext *c) { \
             [[v animator] setAlphaValue:0.0]; } completionHandler:^{ onFaded(); }]; }\n\
             void rebuild(void) { void (^apply)(void) = ^{ onMenu(); };\n\
             if ([NSThread isMainThread]) { apply(); } else { dispatch_sync(dispatch_get_main_queue(), apply); } }\n";
    let found = sync_objc(&[c], &[], &["onFaded", "onMenu", "onClick"]);
    // The animation's completion and the event monitor run on the main thread, in the run
    // loop; the block held in `apply` runs within `rebuild`.
    assert!(found["onFaded"].contains("runApp"), "{found:?}");
    assert!(found["onClick"].contains("runApp"), "{found:?}");
    assert!(found["onMenu"].contains("rebuild"), "{found:?}");
    // Stored elsewhere, the block may run anywhere.
    let stored = "extern void onMenu(void);\nvoid runApp(void) { [NSApp run]; }\n\
                  static void (^saved)(void);\n\
                  void rebuild(void) { void (^apply)(void) = ^{ onMenu(); }; saved = apply; }\n";
    assert!(sync_objc(&[stored], &[], &["onMenu"]).is_empty());
}
