//! Embeds every message file, `locales/<lang>/*.ftl`, so a translator adds or edits a file
//! and never touches Rust: `OUT_DIR/locales.rs` lists them, each by its path, in name order.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it is built: a build script copied with its target
    // folder to another checkout must embed that checkout's files.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir).join("locales");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut out = String::new();
    for lang in ["en", "fr"] {
        let dir = root.join(lang);
        println!("cargo::rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
            .map(|entry| entry.expect("locales/ reads").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
            .collect();
        files.sort();
        let _ = writeln!(out, "const {}: &[(&str, &str)] = &[", lang.to_uppercase());
        for path in files {
            println!("cargo::rerun-if-changed={}", path.display());
            let name = path.strip_prefix(&manifest_dir).unwrap_or(&path);
            let _ = writeln!(
                out,
                "    ({:?}, include_str!({:?})),",
                name.display().to_string(),
                path.display().to_string()
            );
        }
        out.push_str("];\n");
    }
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
