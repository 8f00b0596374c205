//! What the tests ask of the machine: whether CI runs them, whether they run as root, its
//! accounts, a free loopback port, the rule for a tool that is not installed (skip with a
//! notice, fail under CI), and waiting for something to happen (polling, with a deadline).

use std::process::Command;
use std::time::{Duration, Instant};

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

/// A user of this machine, as `id` tells it.
pub struct Account {
    pub name: String,
    /// The name of its group.
    pub group: String,
    pub uid: u32,
    pub gid: u32,
}

/// `user`'s account, or that of the user running the tests when `None`.
pub fn account(user: Option<&str>) -> Account {
    let id = |option: &str| {
        let output = Command::new("id")
            .arg(option)
            .args(user)
            .output()
            .expect("id runs");
        let printed = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        assert!(
            output.status.success() && !printed.is_empty(),
            "`id {option} {}`: {}",
            user.unwrap_or_default(),
            String::from_utf8_lossy(&output.stderr)
        );
        printed
    };
    let number = |option: &str| {
        id(option)
            .parse()
            .unwrap_or_else(|_| panic!("`id {option}` prints a number"))
    };
    Account {
        name: id("-un"),
        group: id("-gn"),
        uid: number("-u"),
        gid: number("-g"),
    }
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

/// Waits for `condition`, checking every 50 ms, until `patience` runs out.
pub fn eventually(patience: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + patience;
    loop {
        if condition() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
