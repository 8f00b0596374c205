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

/// `setpriv`'s arguments that run a program as `nobody`.
const AS_NOBODY: [&str; 4] = ["--reuid=65534", "--regid=65534", "--clear-groups", "--"];

/// `command` run by a user without privileges, for whom file permissions apply (root
/// ignores them): as it is when this process is not root, else as `nobody` through
/// `setpriv` (util-linux). `None`, having said why, when root cannot change user; under CI,
/// fails instead.
pub fn unprivileged(command: Command) -> Option<Command> {
    if !is_root() {
        return Some(command);
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|path| std::path::Path::new(path).is_file());
    let Some(setpriv) = setpriv else {
        skip_without(
            "`setpriv` (util-linux) is not installed: a test as root cannot run missive as an unprivileged user",
        );
        return None;
    };
    let can = Command::new(setpriv)
        .args(AS_NOBODY)
        .arg("true")
        .status()
        .is_ok_and(|status| status.success());
    if !can {
        skip_without("root cannot change user here (`setpriv` failed): no unprivileged user");
        return None;
    }
    let mut unprivileged = Command::new(setpriv);
    unprivileged
        .args(AS_NOBODY)
        .arg(command.get_program())
        .args(command.get_args())
        .stdin(std::process::Stdio::null());
    for (name, value) in command.get_envs() {
        match value {
            Some(value) => unprivileged.env(name, value),
            None => unprivileged.env_remove(name),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        unprivileged.current_dir(dir);
    }
    Some(unprivileged)
}
