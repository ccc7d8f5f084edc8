//! One package of arbitrary files (`files_of_fuzz_input`) through parsing, the model, every
//! rule, the facts, the suppressions and every renderer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = blindspot::fuzz::check_in_memory(&blindspot::fuzz::files_of_fuzz_input(data));
});
