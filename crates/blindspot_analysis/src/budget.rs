//! A deterministic bound on one package's analysis, counted in units of work rather than
//! seconds, so that a run gives the same output on one core or eight and on a busy
//! machine. The passes' inner loops spend units ([`spend`]): one step of attributing an
//! access to objects, one pair of accesses weighed for a race, one step of a flow or
//! reachability worklist. [`within`] runs a package's analysis with a budget; once it is
//! spent, the analysis stops where it is (by unwinding, as rust-analyzer cancels a query:
//! no pass needs to pass an error up) and the caller learns it was stopped.
//!
//! The count is per thread: a package's analysis runs on one thread, and a package of
//! another level that rayon runs on the same thread while this one waits has a budget of
//! its own, nested.

use std::cell::Cell;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

/// The default budget: about a hundred times the largest package of the real trees the
/// project measures (golang/go's `math/big`, 5.4 million units; `runtime`, analyzed in full,
/// spent 23 million in about 14 s; docs/performance.md), so that it stops only a
/// pathological package, after a few minutes at most.
pub const DEFAULT: u64 = 500_000_000;

thread_local! {
    /// Units left in the analysis running on this thread; outside one, more than any
    /// analysis spends.
    static LEFT: Cell<u64> = const { Cell::new(u64::MAX) };
}

/// The analysis was stopped: it spent its budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exhausted {
    pub spent: u64,
}

/// Spends `units` of the running analysis's budget; stops the analysis if there are not
/// that many left. Outside [`within`] it stops nothing.
#[inline]
pub fn spend(units: u64) {
    LEFT.with(|left| match left.get().checked_sub(units) {
        Some(rest) => left.set(rest),
        None => stop(left),
    });
}

#[cold]
#[inline(never)]
fn stop(left: &Cell<u64>) -> ! {
    left.set(0);
    resume_unwind(Box::new(Stopped))
}

/// The unwinding payload; [`within`] turns it into [`Exhausted`].
struct Stopped;

/// Runs `analysis` with a budget of `units`: its result and the units it spent, or
/// [`Exhausted`] if it spent them all. A panic that is not the budget's goes on unwinding.
pub fn within<T>(units: u64, analysis: impl FnOnce() -> T) -> Result<(T, u64), Exhausted> {
    let outer = LEFT.with(|left| left.replace(units));
    let result = catch_unwind(AssertUnwindSafe(analysis));
    let spent = units - LEFT.with(|left| left.replace(outer));
    match result {
        Ok(value) => Ok((value, spent)),
        Err(payload) if payload.is::<Stopped>() => Err(Exhausted { spent }),
        Err(payload) => resume_unwind(payload),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(steps: u64) -> u64 {
        for _ in 0..steps {
            spend(1);
        }
        steps
    }

    #[test]
    fn counts_and_stops_at_the_budget() {
        assert_eq!(within(10, || work(10)), Ok((10, 10)));
        assert_eq!(within(10, || work(11)), Err(Exhausted { spent: 10 }));
        // Outside a budget nothing is stopped.
        assert_eq!(work(100), 100);
    }

    #[test]
    fn budgets_nest_and_the_outer_one_goes_on() {
        let outer = within(100, || {
            work(5);
            let inner = within(3, || work(4));
            assert_eq!(inner, Err(Exhausted { spent: 3 }));
            work(5)
        });
        assert_eq!(outer, Ok((5, 10)), "the inner analysis's units are its own");
    }

    #[test]
    fn other_panics_are_not_swallowed() {
        let caught = catch_unwind(|| within(10, || panic!("a bug")));
        assert!(caught.is_err());
        // And the thread's budget is restored: nothing is stopped here any more.
        assert_eq!(work(20), 20);
    }
}
