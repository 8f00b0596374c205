//! What the tests ask of the machine: whether CI runs them, whether they run as root, a
//! free loopback port, and the rule for a tool that is not installed (skip with a notice,
//! fail under CI).

use std::process::Command;

/// Whether `CI` is `true` or `1`: a test whose tool is missing then fails.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Says why a test did not run; under CI, fails instead.
pub fn skip_without(notice: &str) {
    assert!(!ci(), "{notice}");
    eprintln!("skipped: {notice}");
}

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.stdout.trim_ascii() == b"0")
}

/// A loopback port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}
