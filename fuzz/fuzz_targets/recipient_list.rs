//! libFuzzer target: any bytes as a recipient list, read as text (`.csv`) and, when they
//! start like a zip archive, as a spreadsheet; no panic, and every error cites the file.
#![no_main]

#[allow(dead_code)] // each target uses one of the two checks
#[path = "../../tests/properties/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::list_holds(data, "csv");
    if data.starts_with(b"PK") {
        checks::list_holds(data, "xlsx");
        checks::list_holds(data, "ods");
    }
});
