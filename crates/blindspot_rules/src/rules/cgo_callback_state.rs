//! BS103 cgo-callback-state: Package-level state written without synchronization in a function exported to C.

use blindspot_analysis::handlers::HandlerKind;

use crate::handlers::report_handler_writes;
use crate::Ctx;

pub fn check(ctx: &mut Ctx) {
    report_handler_writes(ctx, &[HandlerKind::Export]);
}
