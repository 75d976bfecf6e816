//! The generator's load + validate on arbitrary text: diagnostics, never a panic, a stack
//! overflow or a hang.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = hookspec_codegen::load_str(Path::new("fuzz.yaml"), text);
});
