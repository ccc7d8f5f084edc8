//! BS302 finalizer-shared-state: Shared state written without synchronization by a finalizer or a cleanup.

use blindspot_analysis::handlers::HandlerKind;

use crate::handlers::report_handler_writes;
use crate::Ctx;

pub fn check(ctx: &mut Ctx) {
    report_handler_writes(ctx, &[HandlerKind::Finalizer, HandlerKind::Cleanup]);
}
