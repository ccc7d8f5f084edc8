//! One package of arbitrary files through parsing, the model, every rule, the summary, the
//! suppressions and every renderer. Files are separated by a 0xFF byte (never part of UTF-8
//! text); each is decoded lossily, as invalid UTF-8 never reaches the parser otherwise.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files: Vec<(String, String)> = data
        .split(|&b| b == 0xFF)
        .take(4)
        .enumerate()
        .map(|(i, bytes)| (format!("f{i}.go"), String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    let _ = blindspot::run::check_in_memory(&files);
});
