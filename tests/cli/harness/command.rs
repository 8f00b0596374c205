//! The one way the tests run the `missive` binary: in a folder, out of reach of the
//! developer's own settings (every `MISSIVE_*` variable, the SMTP profiles of their home
//! folder, their browser).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;

/// `missive` in `dir`, not started: no `MISSIVE_*` variable of the environment but the French
/// audit (`MISSIVE_AUDIT_FRENCH`), in English
/// (`LC_ALL` and `LANG` are `C`, `LC_MESSAGES` unset: a French developer's locale changes
/// nothing; [`french`] asks French), `HOME` and
/// `XDG_CONFIG_HOME` in an empty folder (a test that wants a profile sets
/// `XDG_CONFIG_HOME` after this), no `BROWSER`, standard input empty.
///
/// `assert_cmd::prelude::*` gives it `.assert()`; [`run`] and [`spawn`] run it.
pub fn missive(dir: impl AsRef<Path>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_missive"));
    for (name, _) in std::env::vars_os() {
        if name
            .to_str()
            .is_some_and(|name| name.starts_with("MISSIVE_"))
        {
            command.env_remove(&name);
        }
    }
    let home = empty_home();
    command
        .current_dir(dir)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env_remove("BROWSER")
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::null());
    // The French audit (src/i18n/audit.rs), on every run: every error and warning an
    // English run prints is said again in French, and the run stops with exit code 70 on an
    // English word left in it; so every error path of the suite is proven in both languages.
    command.env("MISSIVE_AUDIT_FRENCH", "1");
    command
}

/// [`missive`] under a French locale (`LANG=fr_FR.UTF-8`), installed on the machine or not.
pub fn french(dir: impl AsRef<Path>) -> Command {
    let mut command = missive(dir);
    command.env_remove("LC_ALL").env("LANG", "fr_FR.UTF-8");
    command
}

/// A home folder with nothing in it, the same for every run of this test process.
fn empty_home() -> &'static Path {
    static HOME: OnceLock<PathBuf> = OnceLock::new();
    HOME.get_or_init(|| {
        let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("empty-home");
        std::fs::create_dir_all(&home).expect("an empty home folder");
        home
    })
}

/// Runs `command` to its end, its output captured.
pub fn run(mut command: Command) -> Output {
    command.output().expect("missive runs")
}

/// Starts `command`, its output captured.
pub fn spawn(mut command: Command) -> Child {
    command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("missive starts")
}

/// Fails, showing what the run printed, unless it exited with `code`.
#[track_caller]
pub fn assert_exit(output: &Output, code: i32) {
    assert_eq!(output.status.code(), Some(code), "{}", text(output));
}

/// What a run printed, standard output then standard error.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
