//! `missive` alone, with no arguments: started by a double-click (no terminal), it serves
//! the campaign of the current folder, or the person's `missive` folder (the module
//! `cli::double_click` says why); typed in a terminal, it prints the help, as before; with
//! arguments, it does what they say.

use std::path::Path;
use std::process::Command;

use crate::harness::{Campaign, missive};
use crate::serve::{DEADLINE, Served};
use crate::serve_start::files_of;

/// `missive` alone, as a file manager starts it: no terminal, no display.
fn double_clicked(folder: &Path, home: &Path) -> Command {
    let mut command = missive(folder);
    command
        .env("HOME", home)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY");
    command
}

#[test]
fn missive_alone_without_a_terminal_serves_the_campaign_here() {
    let campaign = Campaign::sample();
    let home = tempfile::tempdir().expect("a folder");
    let served = Served::spawned(double_clicked(campaign.path(), home.path()));
    let said = served.said.recv_timeout(DEADLINE).expect("a line");
    assert!(said.contains("close this window to stop missive"), "{said}");
    let cookie = served.session();
    let page = served.get("/", Some(&cookie));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("rentree-numerique"), "{}", page.body);
    assert!(files_of(home.path()).is_empty(), "no missive folder made");
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn missive_alone_without_a_terminal_and_no_campaign_here_serves_the_home_s_missive_folder() {
    let elsewhere = tempfile::tempdir().expect("a folder");
    let home = tempfile::tempdir().expect("a folder");
    let served = Served::spawned(double_clicked(elsewhere.path(), home.path()));
    let said = served.said.recv_timeout(DEADLINE).expect("a line");
    let made = home.path().join("missive");
    assert!(made.is_dir());
    assert!(said.contains(&made.display().to_string()), "{said}");
    let cookie = served.session();
    assert_eq!(
        served.get("/", Some(&cookie)).header("Location"),
        Some("/start")
    );
    assert_eq!(served.interrupt(), Some(0));
    assert!(files_of(elsewhere.path()).is_empty());
}

#[test]
fn with_arguments_missive_does_as_before() {
    let home = tempfile::tempdir().expect("a folder");
    let folder = tempfile::tempdir().expect("a folder");
    let output = double_clicked(folder.path(), home.path())
        .arg("--version")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.starts_with("missive "), "{said}");
    assert!(files_of(home.path()).is_empty());
}

/// `missive` alone typed in a terminal (a pseudo-terminal made by util-linux's `script`):
/// the help, exit 2, as before; no app.
#[test]
fn missive_alone_in_a_terminal_prints_the_help() {
    let Some(script) = crate::browser::which("script") else {
        eprintln!("notice: no `script` (util-linux) to give missive a terminal: skipped");
        return;
    };
    let home = tempfile::tempdir().expect("a folder");
    let folder = tempfile::tempdir().expect("a folder");
    let program = env!("CARGO_BIN_EXE_missive");
    let output = Command::new(script)
        .args(["-qec", &format!("'{program}'"), "/dev/null"])
        .current_dir(folder.path())
        .env("HOME", home.path())
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .env_remove("MISSIVE_LANG")
        .env_remove("MISSIVE_AUDIT_FRENCH")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script runs");
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("Usage:"), "{said}");
    assert!(!said.contains("http://127.0.0.1:"), "{said}");
    assert!(files_of(home.path()).is_empty());
}
