//! BS301 signal-handler-mutation: Shared state written without synchronization by the goroutine that receives signals.

use blindspot_analysis::handlers::HandlerKind;

use crate::handlers::report_handler_writes;
use crate::Ctx;

pub fn check(ctx: &mut Ctx) {
    report_handler_writes(ctx, &[HandlerKind::Signal]);
}
