//! The `missive` binary as the tests run it: in a campaign folder, out of reach of the
//! developer's own relay settings.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// `missive` in `dir`, not started, without the relay and password of the environment.
pub fn missive(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("missive").expect("binary built");
    command
        .current_dir(dir)
        .env_remove("MISSIVE_SMTP_URL")
        .env_remove("MISSIVE_SMTP_PASSWORD");
    command
}

/// What a run printed, standard output then standard error.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The sample campaign `missive init` writes, without its login (the test server takes
/// none).
pub fn sample_without_login() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    missive(dir.path()).arg("init").assert().success();
    let file = dir.path().join("campaign.toml");
    let campaign = std::fs::read_to_string(&file).expect("campaign.toml");
    let kept: Vec<&str> = campaign
        .lines()
        .filter(|l| !l.starts_with("username"))
        .collect();
    std::fs::write(&file, kept.join("\n")).expect("campaign.toml");
    dir
}
