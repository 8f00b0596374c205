//! `benches/journal.rs` includes this file by its path, beside `tests/support/mod.rs`: the
//! same harness (`tests/cli/harness/`), so that both names give the same types.

pub use crate::support::*;
