//! The relay's password and OAuth 2 token never leave missive but in the AUTH exchange, and
//! that only over TLS: not in what it prints at its most verbose, not in any file it writes
//! (journal, preview, report), not in its errors. XOAUTH2 is tested against a small server of
//! its own (`secrets/xoauth2_server.rs`): mailin-embedded offers PLAIN and LOGIN only.

mod xoauth2_server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine as _;

use crate::harness::{Campaign, SmtpServer, TestCa, assert_exit, missive, text};
use xoauth2_server::OAuthServer;

const USER: &str = "ien.lille-1";
const PASSWORD: &str = "s3cret-Rentrée!42";
const MAILBOX: &str = "ien.lille-1@ac-lille.fr";
const TOKEN: &str = "ya29.a0AfB_byC-token-Rentree-2021";

/// `missive` in `dir`, logging all it can.
fn traced(dir: &Path) -> Command {
    let mut command = missive(dir);
    command.env("RUST_LOG", "trace").env("RUST_BACKTRACE", "1");
    command
}

/// A secret as it could leak: as typed, in base64 (padded or not), and as the SASL
/// responses that carry it.
fn encodings(user: &str, secret: &str) -> Vec<(String, Vec<u8>)> {
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let b64_bare = |bytes: &[u8]| base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes);
    let plain = format!("\0{user}\0{secret}");
    let xoauth2 = format!("user={user}\x01auth=Bearer {secret}\x01\x01");
    vec![
        ("the secret".into(), secret.as_bytes().to_vec()),
        ("its base64".into(), b64(secret.as_bytes()).into_bytes()),
        (
            "its base64 without padding".into(),
            b64_bare(secret.as_bytes()).into_bytes(),
        ),
        (
            "its AUTH PLAIN response".into(),
            b64(plain.as_bytes()).into_bytes(),
        ),
        (
            "its AUTH XOAUTH2 response".into(),
            b64(xoauth2.as_bytes()).into_bytes(),
        ),
    ]
}

/// Every file below `dir`, with its bytes.
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                found.push((path, bytes));
            }
        }
    }
    found
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Fails naming where a secret showed, in which form.
fn assert_nowhere(secret: &[(String, Vec<u8>)], outputs: &[(String, Vec<u8>)], dir: &Path) {
    let files = files_under(dir)
        .into_iter()
        .map(|(path, bytes)| (path.display().to_string(), bytes));
    let mut searched = 0;
    for (place, bytes) in outputs.iter().cloned().chain(files) {
        searched += 1;
        for (form, needle) in secret {
            assert!(!contains(&bytes, needle), "{form} is in {place}");
        }
    }
    assert!(searched > 5, "only {searched} places searched");
}

fn outputs(label: &str, output: &Output) -> [(String, Vec<u8>); 2] {
    [
        (format!("{label}'s standard output"), output.stdout.clone()),
        (format!("{label}'s standard error"), output.stderr.clone()),
    ]
}

/// `missive send -v` over STARTTLS to a loopback server trusting `ca`, with this password
/// in the environment (or none).
fn send_over_starttls(dir: &Path, port: u16, ca: &TestCa, password: Option<&str>) -> Output {
    let url = format!("smtp://127.0.0.1:{port}?tls=required");
    let mut command = traced(dir);
    command
        .args(["send", "-v", "--yes", "--rate", "unlimited", "--smtp", &url])
        .arg("--ca-file")
        .arg(ca.ca_file());
    if let Some(password) = password {
        command.env("MISSIVE_SMTP_PASSWORD", password);
    }
    command.output().expect("send runs")
}

/// The sample campaign logging in as [`USER`], and a server taking [`PASSWORD`] after STARTTLS.
fn campaign_and_server() -> (Campaign, TestCa, SmtpServer) {
    let dir = Campaign::sample_with_smtp("", &format!("username = \"{USER}\""));
    let ca = TestCa::new(dir.path());
    let server = SmtpServer::builder()
        .starttls(&ca)
        .auth(USER, PASSWORD)
        .start();
    (dir, ca, server)
}

#[test]
fn a_whole_verbose_send_shows_the_password_nowhere() {
    let (dir, ca, server) = campaign_and_server();
    let mut seen = Vec::new();
    let preview = traced(dir.path())
        .args(["preview", "-v", "--out", "revue"])
        .output()
        .expect("preview runs");
    assert!(preview.status.success(), "{}", text(&preview));
    seen.extend(outputs("preview", &preview));

    let sent = send_over_starttls(dir.path(), server.addr().port(), &ca, Some(PASSWORD));
    assert_exit(&sent, 0);
    seen.extend(outputs("send", &sent));
    let received = server.messages();
    assert_eq!(received.len(), 12);
    assert!(
        received
            .iter()
            .all(|m| m.tls && m.authenticated_as.as_deref() == Some(USER)),
        "every message went over STARTTLS after a login"
    );

    for (format, file) in [("csv", "rapport.csv"), ("jsonl", "rapport.jsonl")] {
        let report = traced(dir.path())
            .args(["report", "-v", "--format", format, "-o", file])
            .output()
            .expect("report runs");
        assert!(report.status.success(), "{}", text(&report));
        seen.extend(outputs("report", &report));
    }
    let status = traced(dir.path())
        .args(["status", "-v"])
        .output()
        .expect("status runs");
    seen.extend(outputs("status", &status));
    assert!(dir.path().join("rapport.jsonl").is_file());
    assert!(
        dir.path().join(".missive").is_dir(),
        "the journal was written"
    );
    assert_nowhere(&encodings(USER, PASSWORD), &seen, dir.path());
}

#[test]
fn a_wrong_password_is_not_echoed_in_the_refusal() {
    let (dir, ca, server) = campaign_and_server();
    let wrong = "Wr0ng-mot-de-passe";
    let sent = send_over_starttls(dir.path(), server.addr().port(), &ca, Some(wrong));
    assert_exit(&sent, 4);
    assert!(text(&sent).contains("refused the login"), "{}", text(&sent));
    assert!(server.messages().is_empty());
    assert_nowhere(&encodings(USER, wrong), &outputs("send", &sent), dir.path());
}

#[test]
fn a_password_in_campaign_toml_is_refused_before_anything_and_not_echoed() {
    let dir = Campaign::sample_with_smtp(
        "",
        &format!("username = \"{USER}\"\npassword = \"{PASSWORD}\""),
    );
    let server = SmtpServer::builder().start();
    let url = server.url();
    for args in [
        &["check"][..],
        &["preview"],
        &["send", "--yes", "--smtp", &url],
    ] {
        let command = args[0];
        let run = traced(dir.path())
            .args(args)
            .output()
            .expect("missive runs");
        let output = text(&run);
        assert_eq!(run.status.code(), Some(1), "{command}: {output}");
        for way in ["MISSIVE_SMTP_PASSWORD", "password_command", "ask"] {
            assert!(output.contains(way), "{command}: {output}");
        }
        assert!(output.contains("campaign.toml"), "{output}");
        assert!(!output.contains(PASSWORD), "{output}");
    }
    assert_eq!(server.sessions(), 0);
    assert!(!dir.path().join("preview").exists());
}

/// lettre logs `AUTH PLAIN <base64>` through `tracing` when its `tracing` feature is on, and
/// a logger would print what any dependency logs: neither may be built in (missive installs
/// no logger, so `RUST_LOG` has nothing to turn on).
#[test]
fn no_dependency_can_log_the_auth_exchange() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    let lettre = manifest
        .lines()
        .find(|l| l.starts_with("lettre ="))
        .expect("lettre is a dependency");
    assert!(lettre.contains("default-features = false"), "{lettre}");
    assert!(!lettre.contains("tracing"), "{lettre}");
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
    let blocks: Vec<&str> = lock.split("[[package]]").collect();
    let name_of = |block: &str| {
        block
            .lines()
            .find_map(|l| l.strip_prefix("name = "))
            .map(|name| name.trim_matches('"').to_string())
    };
    let lettre_block = blocks
        .iter()
        .find(|b| name_of(b).as_deref() == Some("lettre"))
        .expect("lettre is in Cargo.lock");
    assert!(
        !lettre_block.contains("\"tracing"),
        "lettre is built with `tracing`: {lettre_block}"
    );
    let packages: Vec<String> = blocks.iter().filter_map(|b| name_of(b)).collect();
    for logger in [
        "tracing-subscriber",
        "env_logger",
        "pretty_env_logger",
        "simplelog",
        "fern",
        "log4rs",
        "flexi_logger",
    ] {
        assert!(
            !packages.iter().any(|p| p == logger),
            "`{logger}` would print what dependencies log"
        );
    }
}

/// The campaign for the XOAUTH2 tests: a token command that prints the token, then a line
/// that is not part of it.
fn oauth_sample() -> Campaign {
    let dir = Campaign::sample_with_smtp(
        "",
        &format!("username = \"{MAILBOX}\"\ntoken_command = \"sh jeton.sh\""),
    );
    std::fs::write(
        dir.path().join("jeton.sh"),
        format!("printf '%s\\n' '{TOKEN}' 'expires in 3599 s'\n"),
    )
    .expect("token script");
    dir
}

#[test]
fn a_token_command_logs_in_with_xoauth2_over_starttls() {
    let dir = oauth_sample();
    let ca = TestCa::new(dir.path());
    let server = OAuthServer::start(Some(&ca), MAILBOX, TOKEN);
    let sent = send_over_starttls(dir.path(), server.port(), &ca, Some(PASSWORD));
    assert_exit(&sent, 0);
    let log = server.log();
    assert_eq!(log.messages.len(), 12);
    assert!(!log.auth.is_empty());
    for auth in &log.auth {
        assert_eq!(auth.mechanism, "XOAUTH2", "{auth:?}");
        assert!(auth.tls, "the token crossed plaintext: {auth:?}");
        assert_eq!(
            auth.decoded,
            format!("user={MAILBOX}\x01auth=Bearer {TOKEN}\x01\x01"),
            "only the first line printed is the token"
        );
    }
    assert!(log.auth.len() <= log.sessions);
    let report = traced(dir.path())
        .args(["report", "--format", "jsonl", "-o", "rapport.jsonl"])
        .output()
        .expect("report runs");
    let mut seen = outputs("send", &sent).to_vec();
    seen.extend(outputs("report", &report));
    // The token command is the campaign's own file; what missive wrote must not hold it.
    std::fs::remove_file(dir.path().join("jeton.sh")).expect("remove the script");
    assert_nowhere(&encodings(MAILBOX, TOKEN), &seen, dir.path());
    assert_nowhere(&encodings(USER, PASSWORD), &seen, dir.path());
}

#[test]
fn a_token_is_refused_in_plaintext_even_to_this_machine() {
    let dir = oauth_sample();
    let server = OAuthServer::start(None, MAILBOX, TOKEN);
    let plain = format!("smtp://127.0.0.1:{}", server.port());
    let hoped = format!("{plain}?tls=opportunistic");
    for (url, insecure) in [(&plain, true), (&hoped, false)] {
        let sent = traced(dir.path())
            .args(["send", "--yes", "--smtp", url])
            .args(insecure.then_some("--insecure"))
            .output()
            .expect("send runs");
        let output = text(&sent);
        assert_eq!(sent.status.code(), Some(1), "{output}");
        assert!(output.contains("?tls=required"), "{output}");
        assert!(!output.contains(TOKEN), "{output}");
    }
    assert_eq!(server.log().sessions, 0, "refused before connecting");
}

#[test]
fn a_refused_token_stops_the_run_and_says_what_to_check() {
    let dir = oauth_sample();
    let ca = TestCa::new(dir.path());
    let server = OAuthServer::start(Some(&ca), MAILBOX, "another-token");
    let sent = send_over_starttls(dir.path(), server.port(), &ca, None);
    let output = text(&sent);
    assert_eq!(sent.status.code(), Some(4), "{output}");
    assert!(output.contains("token_command"), "{output}");
    assert!(!output.contains(TOKEN), "{output}");
    assert!(server.log().messages.is_empty());
}
