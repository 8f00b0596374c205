//! libFuzzer target: any bytes as a template file (UTF-8 ones are split, compiled and
//! rendered); no panic, and every error cites `message.md:LINE`.
#![no_main]

#[allow(dead_code)] // each target uses one of the two checks
#[path = "../../tests/properties/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        checks::template_holds(text);
    }
});
