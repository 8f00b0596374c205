//! The integration tests' private servers, for the library's own tests of the code that
//! talks to them: the files of `tests/cli/harness/` that start a `PostgreSQL` (the shared
//! journal) or a Dovecot (the mailbox), with what they need, included by their paths as
//! `benches/journal.rs` includes the whole harness. Without a server a test says why it
//! skipped (under `CI=true` it fails).
#![allow(dead_code, unreachable_pub)]

#[path = "../tests/cli/harness/dovecot.rs"]
pub(crate) mod dovecot;
#[path = "../tests/cli/harness/machine.rs"]
mod machine;
#[path = "../tests/cli/harness/postgres.rs"]
pub(crate) mod postgres;
#[path = "../tests/cli/harness/tls.rs"]
mod tls;

use std::process::Output;

use machine::{Account, account, eventually, free_port, is_root, skip_without};
use tls::TestCa;

/// What a program printed, for the servers' own error messages.
fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
