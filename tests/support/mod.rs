//! `benches/journal.rs` includes this file by its path: it is the tests' harness
//! (`tests/cli/harness/`), which the tests themselves reach as `crate::harness`.

#[path = "../cli/harness/mod.rs"]
mod harness;

pub use harness::*;
