//! What the journal's integration tests share: a campaign folder of many heads, the
//! `missive` binary run in it, and counts of what the test SMTP server received.
#![allow(dead_code)] // each test crate uses part of it

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use crate::support::SmtpServer;

pub const PATIENCE: Duration = Duration::from_secs(30);
pub const PASSWORD: &str = "mot-de-passe-Rentrée";
/// The default number of SMTP sessions at once: at most this many messages are in flight.
pub const CONCURRENCY: usize = 2;

/// A campaign folder: a template, a list of `rows` heads, campaign.toml.
pub struct Campaign {
    dir: tempfile::TempDir,
}

impl Campaign {
    pub fn new(rows: usize) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let campaign = Self { dir };
        campaign.write(
            "campaign.toml",
            "id = \"rentree\"\ntemplate = \"message.md\"\nrecipients = \"liste.csv\"\n",
        );
        campaign.template("Bonjour {{ nom }},\n\nla rentrée numérique a lieu lundi.\n");
        campaign.rows(rows);
        campaign
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path().join(name), text).expect("write a campaign file");
    }

    pub fn template(&self, body: &str) {
        self.write(
            "message.md",
            &format!(
                "From: Inspection de Lille 1 <ien.lille-1@ac-lille.example>\nTo: {{{{ nom }}}} <{{{{ email }}}}>\nSubject: Rentrée numérique — {{{{ nom }}}}\n\n{body}"
            ),
        );
    }

    pub fn rows(&self, rows: usize) {
        let mut list = String::from("nom;email\n");
        for n in 0..rows {
            let _ = writeln!(list, "Directrice {n};ce.{n:07}@ac-lille.example");
        }
        self.write("liste.csv", &list);
    }

    pub fn journal(&self) -> PathBuf {
        self.path().join(".missive/journal.sqlite")
    }

    /// `missive ARGS` in the campaign folder, not started.
    pub fn missive(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_missive"));
        command
            .current_dir(self.path())
            .args(args)
            .env_remove("MISSIVE_SMTP_URL")
            .env_remove("MISSIVE_SMTP_PASSWORD")
            .stdin(Stdio::null());
        command
    }

    /// `missive send --yes --smtp URL EXTRA`, not started.
    pub fn send(&self, server: &SmtpServer, extra: &[&str]) -> Command {
        let url = server.url();
        let mut args = vec!["send", "--yes", "--smtp", url.as_str()];
        args.extend_from_slice(extra);
        self.missive(&args)
    }

    /// The report as JSON lines, parsed.
    pub fn report(&self) -> Vec<serde_json::Value> {
        report_lines(self.missive(&["report", "--format", "jsonl"]))
    }

    /// How many report lines have each status.
    pub fn statuses(&self) -> BTreeMap<String, usize> {
        count_statuses(&self.report())
    }
}

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

pub fn run(mut command: Command) -> Output {
    command.output().expect("missive runs")
}

pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// How many messages each recipient received.
pub fn received_per_recipient(server: &SmtpServer) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for message in server.messages() {
        for to in message.rcpt_to {
            *counts.entry(to).or_default() += 1;
        }
    }
    counts
}

pub fn spawn(mut command: Command) -> Child {
    command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("missive starts")
}

pub fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{name} failed");
}

/// Nobody received the message twice (nothing was resent without `--retry-uncertain`), and
/// at most the `uncertain` ones of `rows` are missing.
pub fn assert_once_at_most(server: &SmtpServer, rows: usize, uncertain: usize) {
    let received = received_per_recipient(server);
    assert_eq!(
        doubles(&received),
        [],
        "no duplicate without --retry-uncertain"
    );
    assert!(
        received.len() >= rows - uncertain,
        "{} received",
        received.len()
    );
}

/// The recipients who received it more than once, and how many times.
pub fn doubles(counts: &BTreeMap<String, usize>) -> Vec<(&String, usize)> {
    counts
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(to, n)| (to, *n))
        .collect()
}
