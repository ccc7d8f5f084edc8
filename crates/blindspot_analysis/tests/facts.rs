//! Unit tests of the facts importers read.

mod common;

use blindspot_analysis::allocators::Allocators;
use blindspot_analysis::keepalive::UintptrSinks;
use blindspot_analysis::memory::{ForeignUse, GoroutineArgs, LockedArgs};
use blindspot_analysis::spawners::Spawners;
use blindspot_analysis::{Cx, FactSet, Imports};
use common::*;

fn facts(src: &str) -> FactSet {
    let pkg = source(src);
    Cx::new(&pkg, Imports::none()).into_facts()
}

fn line(src: &str, u: &ForeignUse) -> usize {
    src[..u.span.start as usize].matches('\n').count() + 1
}

const STORE: &str = "package store

import \"sync\"

var mu sync.Mutex

// Put writes under mu, through an unexported helper.
func Put(b []byte, v byte) {
	mu.Lock()
	defer mu.Unlock()
	put(b, v)
}

func put(b []byte, v byte) { b[0] = v }

// Get only reads, under mu.
func Get(b []byte) byte {
	mu.Lock()
	v := b[0]
	mu.Unlock()
	return v
}

// Half locks around one touch but not the other.
func Half(b []byte) {
	mu.Lock()
	b[0] = 1
	mu.Unlock()
	b[1] = 2
}

// Plain takes no lock at all.
func Plain(b []byte) { b[0] = 3 }

// Pump keeps writing b on a goroutine, under mu.
func Pump(b []byte) {
	go func() {
		mu.Lock()
		b[2] = 4
		mu.Unlock()
	}()
}
";

#[test]
fn locked_arguments_record_the_locks_held_at_every_touch() {
    let facts = facts(STORE);
    let locked = &facts.get::<LockedArgs>().unwrap().0;
    let put = &locked[&("Put".to_string(), 0)];
    assert!(put.writes);
    assert_eq!(put.locks, vec!["mu".to_string()]);
    assert_eq!(line(STORE, put), 14, "the touch is in the helper");
    let get = &locked[&("Get".to_string(), 0)];
    assert!(!get.writes);
    assert_eq!(get.locks, vec!["mu".to_string()]);
    assert!(!locked.contains_key(&("Half".to_string(), 0)), "one touch is unlocked");
    assert!(!locked.contains_key(&("Plain".to_string(), 0)));
    assert!(!locked.contains_key(&("Put".to_string(), 1)), "a byte is not memory that is touched");
}

#[test]
fn goroutine_arguments_carry_their_locks() {
    let facts = facts(STORE);
    let locked = &facts.get::<LockedArgs>().unwrap().0;
    let pump = &facts.get::<GoroutineArgs>().unwrap().0[&("Pump".to_string(), 0)];
    assert_eq!(pump.len(), 1);
    assert!(pump[0].writes);
    assert_eq!(pump[0].locks, vec!["mu".to_string()]);
    assert_eq!(line(STORE, &pump[0]), 39);
    assert!(!locked.contains_key(&("Pump".to_string(), 0)), "an escaping argument is a goroutine fact");
}

#[test]
fn a_package_analyzed_only_for_its_facts_exports_the_same_facts() {
    let wrapper = "package sys

import \"syscall\"

// Ioctl hands arg to the kernel.
func Ioctl(fd int, req uint, arg uintptr) error {
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), uintptr(req), arg)
	if e != 0 {
		return e
	}
	return nil
}
";
    let allocator = "package mem

// #include <stdlib.h>
import \"C\"

import \"unsafe\"

// New returns C memory.
func New(n int) unsafe.Pointer { return C.malloc(C.size_t(n)) }
";
    for src in [STORE, wrapper, allocator] {
        let pkg = source(src);
        let full = Cx::new(&pkg, Imports::none());
        // What the rules read, built first: the facts must not depend on it.
        let _ = full.result(&blindspot_analysis::memory::RACES);
        let full = full.into_facts();
        let only = Cx::for_facts(&pkg, Imports::none()).into_facts();
        assert!(!only.is_empty(), "{src}");
        assert_eq!(only.names().collect::<Vec<_>>(), full.names().collect::<Vec<_>>(), "{src}");
        assert_eq!(only.get::<GoroutineArgs>(), full.get::<GoroutineArgs>(), "{src}");
        assert_eq!(only.get::<LockedArgs>(), full.get::<LockedArgs>(), "{src}");
        assert_eq!(only.get::<Allocators>(), full.get::<Allocators>(), "{src}");
        assert_eq!(only.get::<Spawners>(), full.get::<Spawners>(), "{src}");
        assert_eq!(only.get::<UintptrSinks>(), full.get::<UintptrSinks>(), "{src}");
    }
}
