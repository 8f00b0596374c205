//! What the journal's tests read back through the binary (`report --format jsonl`), and the
//! signals they send a running `missive`.

use std::collections::BTreeMap;
use std::process::{Child, Command};

use super::{run, text};

/// Runs a `missive report --format jsonl` command and parses its lines.
pub fn report_lines(command: Command) -> Vec<serde_json::Value> {
    let output = run(command);
    assert!(output.status.success(), "{}", text(&output));
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

/// How many report lines have each status.
pub fn count_statuses(lines: &[serde_json::Value]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for line in lines {
        let status = line["status"].as_str().expect("a status").to_string();
        *counts.entry(status).or_default() += 1;
    }
    counts
}

/// `kill -NAME` to a running `missive`.
pub fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{name} failed");
}
