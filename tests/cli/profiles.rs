//! SMTP profiles in `$XDG_CONFIG_HOME/missive/config.toml`: a campaign naming one sends
//! through its relay, with its login, its `password_command` and its CA; flags, environment
//! and the campaign's own `[smtp]` keys win over it; an unknown profile lists the known ones.

use std::path::Path;
use std::process::{Command, Output};

use crate::harness::{Campaign, SmtpServer, TestCa, assert_exit, missive, text};

const USER: &str = "ce.0594112k";
const PASSWORD: &str = "s3cret-Académie!";

/// A head's machine: a config folder, and the sample campaign whose `[smtp]` section is
/// replaced by `smtp` and which says `top` at its top.
struct Head {
    config: tempfile::TempDir,
    campaign: Campaign,
}

impl Head {
    fn new(profiles: &str, top: &str, smtp: &str) -> Self {
        let config = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(config.path().join("missive")).expect("config folder");
        std::fs::write(config.path().join("missive/config.toml"), profiles).expect("config");
        let campaign = Campaign::sample_with_smtp(&format!("{top}\n"), smtp);
        Self { config, campaign }
    }

    fn missive(&self) -> Command {
        let mut command = missive(self.campaign.path());
        command.env("XDG_CONFIG_HOME", self.config.path());
        command
    }

    /// Two messages (of twelve: the run ends with recipients still to send, exit code 3).
    fn send(&self, extra: &[&str]) -> Output {
        self.missive()
            .args(["send", "--yes", "--rate", "unlimited", "--limit", "2"])
            .args(extra)
            .output()
            .expect("send runs")
    }

    fn folder(&self) -> &Path {
        self.campaign.path()
    }
}

/// A profile for a STARTTLS server with a login, its CA beside config.toml.
fn academie_profile(config: &Path, server: &SmtpServer, ca: &TestCa) -> String {
    let pem = config.join("missive/ac-lille-ca.pem");
    std::fs::create_dir_all(config.join("missive")).expect("folder");
    std::fs::write(&pem, ca.ca_pem()).expect("ca");
    format!(
        "[profile.academie]\nurl = \"smtp://127.0.0.1:{}?tls=required\"\nusername = \"{USER}\"\npassword_command = \"printf %s '{PASSWORD}'\"\nca_file = \"ac-lille-ca.pem\"\n\n[profile.ecole]\nurl = \"smtp://127.0.0.1:1\"\n",
        server.addr().port()
    )
}

#[test]
fn a_campaign_naming_a_profile_sends_with_its_relay_login_and_ca() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let ca = TestCa::new(scratch.path());
    let server = SmtpServer::builder()
        .starttls(&ca)
        .auth(USER, PASSWORD)
        .start();
    let head = Head::new("", "profile = \"academie\"", "");
    let profiles = academie_profile(head.config.path(), &server, &ca);
    std::fs::write(head.config.path().join("missive/config.toml"), profiles).expect("config");
    let sent = head.send(&[]);
    // `--limit`: what was asked for was sent, so the run succeeded.
    assert_exit(&sent, 0);
    assert_eq!(server.messages().len(), 2);
    assert!(!text(&sent).contains(PASSWORD));
}

#[test]
fn flags_environment_and_the_campaign_win_over_the_profile() {
    let other = SmtpServer::builder().start();
    let profiles = "[profile.ecole]\nurl = \"smtp://127.0.0.1:1\"\nusername = \"directrice\"\n";
    // The campaign's own url wins over the profile's (and `--smtp-user ''`, no login).
    let head = Head::new(
        profiles,
        "profile = \"ecole\"",
        &format!("url = \"{}\"", other.url()),
    );
    let sent = head.send(&["--smtp-user", ""]);
    // `--limit`: what was asked for was sent, so the run succeeded.
    assert_exit(&sent, 0);
    assert_eq!(other.messages().len(), 2);

    // Environment and flags win over both; `--profile` names the profile without the file.
    let head = Head::new(profiles, "", "");
    let sent = head
        .missive()
        .env("MISSIVE_SMTP_URL", other.url())
        .args(["send", "--yes", "--rate", "unlimited", "--limit", "1"])
        .args(["--profile", "ecole", "--smtp-user", ""])
        .output()
        .expect("send runs");
    // `--limit`: what was asked for was sent, so the run succeeded.
    assert_exit(&sent, 0);
    assert_eq!(other.messages().len(), 3);
    let flagged = head.send(&[
        "--profile",
        "ecole",
        "--smtp-user",
        "",
        "--smtp",
        &other.url(),
    ]);
    assert_exit(&flagged, 0);
    assert_eq!(other.messages().len(), 5, "the next two pending rows");
}

#[test]
fn an_unknown_profile_lists_the_known_ones_and_the_file() {
    let head = Head::new(
        "[profile.academie]\nurl = \"smtps://smtp.ac-lille.fr:465\"\n\n[profile.ecole]\nurl = \"smtps://mail.ecole.fr:465\"\n",
        "profile = \"rectorat\"",
        "",
    );
    let checked = head.missive().arg("check").output().expect("runs");
    let output = text(&checked);
    assert_eq!(checked.status.code(), Some(1), "{output}");
    assert!(output.contains("no profile `rectorat`"), "{output}");
    assert!(output.contains("academie, ecole"), "{output}");
    assert!(output.contains("missive/config.toml"), "{output}");
    assert!(head.folder().join("campaign.toml").is_file());

    let checked = head
        .missive()
        .env_remove("LC_ALL")
        .env("LANG", "fr_FR.UTF-8")
        .arg("check")
        .output()
        .expect("runs");
    let output = text(&checked);
    assert_eq!(checked.status.code(), Some(1), "{output}");
    assert!(
        output.starts_with("erreur\u{a0}: aucun profil «\u{a0}rectorat\u{a0}» dans «\u{a0}"),
        "{output}"
    );
    assert!(
        output.contains("missive/config.toml\u{a0}»\u{202f}; les profils qui s'y trouvent sont\u{a0}: academie, ecole"),
        "{output}"
    );
}
