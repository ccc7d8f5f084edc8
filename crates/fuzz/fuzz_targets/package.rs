//! One package of arbitrary files (`files_of_fuzz_input`) through parsing, the model, every
//! rule, the summary, the suppressions and every renderer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = blindspot::run::check_in_memory(&blindspot::run::files_of_fuzz_input(data));
});
