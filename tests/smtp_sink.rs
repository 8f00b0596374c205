//! `missive send` to Postfix's `smtp-sink`, a real SMTP server that announces PIPELINING
//! (the test server of the other suites does not): the envelope travels in one write, the
//! message dot-stuffed by missive in another, and the sink's dump files hold what arrived.
//! Its `-Q RCPT` option plays a relay that answers 421 and drops the session mid-envelope.
//!
//! Needs Debian's `postfix` package (`.ci/run` installs it); with `CI=true` and no
//! `smtp-sink` the tests fail, elsewhere they say why they did not run.

mod journal_support;
mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use journal_support::{Campaign, run, text};

const SMTP_SINK: &str = "/usr/sbin/smtp-sink";

/// An `smtp-sink` on a free loopback port, dumping each message to a file; killed when
/// dropped.
struct Sink {
    child: Child,
    port: u16,
    dumps: tempfile::TempDir,
}

impl Sink {
    fn start(options: &[&str]) -> Option<Self> {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        if !Path::new(SMTP_SINK).is_file() {
            let notice = "Postfix's smtp-sink is not installed: `apt-get install postfix` (Debian), or run `.ci/run`, which installs it";
            assert!(!ci, "{notice}");
            eprintln!("skipped: {notice}");
            return None;
        }
        let dumps = tempfile::tempdir().expect("temp dir");
        let mut command = Command::new(SMTP_SINK);
        if is_root() {
            // smtp-sink refuses to keep root's privileges: it writes its dumps as `nobody`.
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dumps.path(), std::fs::Permissions::from_mode(0o777))
                .expect("chmod");
            command.args(["-u", "nobody"]);
        }
        let port = free_port();
        let template = format!("{}/message.", dumps.path().display());
        let child = command
            .args(["-d", &template])
            .args(options)
            .arg(format!("127.0.0.1:{port}"))
            .arg("64")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("smtp-sink starts");
        let sink = Self { child, port, dumps };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "smtp-sink does not listen");
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(sink)
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages received, without the lines smtp-sink puts before them (up to its
    /// three-line `Received:`) and the empty line it puts after, lines ending in LF.
    fn received(&self) -> Vec<String> {
        let files: Vec<PathBuf> = std::fs::read_dir(self.dumps.path())
            .expect("dump folder")
            .map(|entry| entry.expect("an entry").path())
            .collect();
        files
            .iter()
            .map(|file| {
                let dump = std::fs::read_to_string(file).expect("a dump file");
                let start = dump
                    .find("Received: ")
                    .expect("smtp-sink's Received header");
                let mut lines = dump[start..].lines().skip(1);
                // The header's two continuation lines.
                lines.next();
                lines.next();
                let mut message = lines.fold(String::new(), |mut message, line| {
                    message.push_str(line);
                    message.push('\n');
                    message
                });
                assert!(
                    message.ends_with("\n\n"),
                    "the dump ends with an empty line"
                );
                message.pop();
                message
            })
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_root() -> bool {
    let output = Command::new("id").arg("-u").output().expect("id runs");
    String::from_utf8_lossy(&output.stdout).trim() == "0"
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// `missive send --yes --smtp URL --rate unlimited EXTRA` in the campaign, run.
fn send(campaign: &Campaign, sink: &Sink, extra: &[&str]) -> std::process::Output {
    let url = sink.url();
    let mut args = vec!["send", "--yes", "--smtp", &url, "--rate", "unlimited"];
    args.extend_from_slice(extra);
    run(campaign.missive(&args))
}

/// A message as the sink stores it: LF line ends, no `Date:` (the preview's and the send's
/// differ by design).
fn comparable(message: &str) -> String {
    message
        .replace("\r\n", "\n")
        .lines()
        .filter(|line| !line.starts_with("Date: "))
        .fold(String::new(), |mut kept, line| {
            kept.push_str(line);
            kept.push('\n');
            kept
        })
}

#[test]
fn a_pipelined_campaign_arrives_as_previewed_with_its_dotted_lines() {
    const ROWS: usize = 30;
    let Some(sink) = Sink::start(&[]) else {
        return;
    };
    let campaign = Campaign::new(ROWS);
    // Lines a server would take for the end of the message, or eat a dot of, unless each
    // leading dot is doubled on the wire.
    campaign.template(
        "Bonjour {{ nom }},\n\n.\n\n.. deux points\n\n.net, .fr et .org\n\nla rentrée numérique a lieu lundi.\n",
    );
    let preview = run(campaign.missive(&["preview", "--out", "revue"]));
    assert!(preview.status.success(), "{}", text(&preview));
    let sent = send(
        &campaign,
        &sink,
        &["--concurrency", "3", "--reviewed", "revue"],
    );
    assert_eq!(sent.status.code(), Some(0), "{}", text(&sent));

    let previewed: BTreeSet<String> = std::fs::read_dir(campaign.path().join("revue/messages"))
        .expect("the previewed messages")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "eml"))
        .map(|path| comparable(&std::fs::read_to_string(path).expect("an .eml")))
        .collect();
    assert_eq!(previewed.len(), ROWS);
    let received = sink.received();
    assert_eq!(received.len(), ROWS, "each message once");
    let received: BTreeSet<String> = received.iter().map(|m| comparable(m)).collect();
    assert_eq!(received.len(), ROWS, "no message twice");
    for message in &received {
        assert!(
            previewed.contains(message),
            "received but not previewed as such:\n{message}"
        );
        let parsed = mail_parser::MessageParser::default()
            .parse(message.as_bytes())
            .expect("a received message parses");
        let body = parsed.body_text(0).expect("a text part");
        assert!(
            body.contains("\n.\n") && body.contains(".. deux points") && body.contains(".net, .fr"),
            "the dotted lines arrive whole: {body:?}"
        );
    }
}

#[test]
fn a_relay_dropping_the_session_at_rcpt_defers_each_message_and_a_rerun_sends_them_once() {
    const ROWS: usize = 5;
    let campaign = Campaign::new(ROWS);
    {
        // 421 and a closed connection after every RCPT, in the middle of a pipelined
        // envelope: nothing was handed over, so every message is deferred, none uncertain.
        let Some(sink) = Sink::start(&["-Q", "RCPT"]) else {
            return;
        };
        let sent = send(
            &campaign,
            &sink,
            &["--max-attempts", "2", "--retry-base", "0s"],
        );
        let output = text(&sent);
        assert!(
            output.contains(&format!("deferred {ROWS}")) && output.contains("uncertain 0"),
            "{output}"
        );
        assert!(sink.received().is_empty(), "nothing was delivered");
        let statuses = campaign.statuses();
        assert_eq!(statuses.get("deferred"), Some(&ROWS), "{statuses:?}");
    }
    let Some(sink) = Sink::start(&[]) else {
        return;
    };
    let sent = send(&campaign, &sink, &[]);
    assert!(
        text(&sent).contains(&format!("sent {ROWS},")),
        "{}",
        text(&sent)
    );
    let recipients: BTreeSet<String> = sink
        .received()
        .iter()
        .map(|message| {
            let parsed = mail_parser::MessageParser::default()
                .parse(message.as_bytes())
                .expect("parses");
            let to = parsed
                .to()
                .and_then(|to| to.first())
                .and_then(|a| a.address());
            to.expect("a To address").to_string()
        })
        .collect();
    assert_eq!(recipients.len(), ROWS, "each recipient once");
    assert_eq!(campaign.statuses().get("sent"), Some(&ROWS));
}
