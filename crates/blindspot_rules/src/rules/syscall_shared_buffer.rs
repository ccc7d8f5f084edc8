//! BS201 syscall-shared-buffer: A buffer handed to the kernel by a raw syscall (or a
//! wrapper that does not annotate it) while another goroutine uses it. The kernel's
//! accesses are invisible to -race.
//!
//! Detection: the races pass ([`blindspot_analysis::memory::RACES`]) on Go memory whose
//! primary access is made by the kernel.

use blindspot_analysis::allocators::Origin;
use blindspot_analysis::api::SYSCALL_PACKAGES;
use blindspot_analysis::memory::Accessor;
use blindspot_analysis::Trigger;

use crate::evidence::RaceView;
use crate::Ctx;

/// Raw syscalls and unannotated wrappers come from the syscall packages; body-less raw
/// syscalls are declared beside assembly.
pub const TRIGGER: Trigger = Trigger { imports: SYSCALL_PACKAGES, words: &[], assembly: true, and: None };

pub fn check(ctx: &mut Ctx) {
    for r in RaceView::all(ctx, |object, a| object.origin == Origin::Go && a.accessor == Accessor::Kernel) {
        let (RaceView { verb, participle, origin, here, there, their, .. }, callee) = (&r, r.callee(ctx));
        let message = format!(
            "Go memory `{origin}` is {participle} by the kernel through `{callee}` in {here} while {there} also \
             {their} it without synchronization: -race cannot see this race, the kernel's accesses are \
             invisible to it"
        );
        let handed = r.handed_over(ctx).into_iter().collect();
        r.report(ctx, message, format!("{verb} here in {here}, not synchronized"), handed);
    }
}
