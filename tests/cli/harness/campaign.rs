//! The campaign folder a test runs `missive` in: a temporary folder holding what the test
//! writes (campaign.toml, a template, a list, attachments), or the sample `missive init`
//! writes, edited as the test needs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::prelude::*;

use super::{SmtpServer, count_statuses, missive, report_lines};

/// The address of the `n`th head (from 0) of [`Campaign::new`]'s list.
pub fn address(n: usize) -> String {
    format!("ce.{n:07}@ac-lille.example")
}

/// A campaign folder, removed when dropped.
pub struct Campaign {
    dir: tempfile::TempDir,
}

impl Campaign {
    /// An empty folder.
    pub fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// campaign.toml, a template (`message.md`) and a list (`liste.csv`) of `rows` heads.
    pub fn new(rows: usize) -> Self {
        let campaign = Self::empty();
        campaign.write(
            "campaign.toml",
            "id = \"rentree\"\ntemplate = \"message.md\"\nrecipients = \"liste.csv\"\n",
        );
        campaign.template("Bonjour {{ nom }},\n\nla rentrée numérique a lieu lundi.\n");
        campaign.rows(rows);
        campaign
    }

    /// The sample campaign `missive init` writes (the circular, its infographic, twelve
    /// heads), which logs in as `ien.lille-1`.
    pub fn sample() -> Self {
        let campaign = Self::empty();
        missive(campaign.path()).arg("init").assert().success();
        campaign
    }

    /// The sample without its login: the test servers take none unless told to.
    pub fn sample_without_login() -> Self {
        let campaign = Self::sample();
        let file = campaign.path().join("campaign.toml");
        let text = std::fs::read_to_string(&file).expect("campaign.toml");
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("username"))
            .collect();
        std::fs::write(&file, kept.join("\n")).expect("campaign.toml");
        campaign
    }

    /// The sample, `top` written above campaign.toml and its `[smtp]` section's lines
    /// replaced by `smtp`.
    pub fn sample_with_smtp(top: &str, smtp: &str) -> Self {
        let campaign = Self::sample();
        let file = campaign.path().join("campaign.toml");
        let text = std::fs::read_to_string(&file).expect("campaign.toml");
        let (before, after) = text.split_once("[smtp]").expect("an [smtp] section");
        let rest = &after[after.find("\n[").expect("a section after [smtp]")..];
        std::fs::write(&file, format!("{top}{before}[smtp]\n{smtp}\n{rest}"))
            .expect("campaign.toml");
        campaign
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `name` (a path inside the campaign, its folders made if need be) with
    /// `contents`.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(name);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).expect("make a campaign folder");
        }
        std::fs::write(path, contents).expect("write a campaign file");
        self
    }

    /// `message.md`: a sender, `To` and `Subject` from the list's `nom` and `email`, then
    /// `body`.
    pub fn template(&self, body: &str) -> &Self {
        self.write(
            "message.md",
            format!(
                "From: Inspection de Lille 1 <ien.lille-1@ac-lille.example>\nTo: {{{{ nom }}}} <{{{{ email }}}}>\nSubject: Rentrée numérique — {{{{ nom }}}}\n\n{body}"
            ),
        )
    }

    /// `liste.csv`: `rows` heads, the `n`th at [`address`]`(n)`.
    pub fn rows(&self, rows: usize) -> &Self {
        let mut list = String::from("nom;email\n");
        for n in 0..rows {
            let _ = writeln!(list, "Directrice {n};{}", address(n));
        }
        self.write("liste.csv", &list)
    }

    /// The journal beside the campaign (`.missive/journal.sqlite`).
    pub fn journal(&self) -> PathBuf {
        self.path().join(".missive/journal.sqlite")
    }

    /// `missive ARGS` in the campaign folder, not started.
    pub fn missive(&self, args: &[&str]) -> Command {
        let mut command = missive(self.path());
        command.args(args);
        command
    }

    /// `missive send --yes --smtp URL EXTRA`, not started.
    pub fn send(&self, server: &SmtpServer, extra: &[&str]) -> Command {
        self.send_to(&server.url(), extra)
    }

    /// `missive send --yes --smtp URL EXTRA` to any relay, not started.
    pub fn send_to(&self, url: &str, extra: &[&str]) -> Command {
        let mut args = vec!["send", "--yes", "--smtp", url];
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
