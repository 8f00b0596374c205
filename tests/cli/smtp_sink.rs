//! `missive send` to Postfix's `smtp-sink`, a real SMTP server that announces PIPELINING
//! (the test server of the other suites does not): the envelope travels in one write, the
//! message dot-stuffed by missive in another, and the sink's dump files hold what arrived.
//! Its `-Q RCPT` option plays a relay that answers 421 and drops the session mid-envelope.
//!
//! Needs Debian's `postfix` package (`.ci/run` installs it); with `CI=true` and no
//! `smtp-sink` the tests fail, elsewhere they say why they did not run.

use std::collections::BTreeSet;

use crate::harness::{Campaign, SmtpSink, assert_exit, parse_mime, run, text};

/// `missive send --yes --smtp URL --rate unlimited EXTRA` in the campaign, run.
fn send(campaign: &Campaign, sink: &SmtpSink, extra: &[&str]) -> std::process::Output {
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
    let Some(sink) = SmtpSink::start(&[]) else {
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
    let approve = ["approve", "revue", "--by", "Marie Dupont"];
    assert_exit(&run(campaign.missive(&approve)), 0);
    let sent = send(
        &campaign,
        &sink,
        &["--concurrency", "3", "--reviewed", "revue"],
    );
    assert_exit(&sent, 0);

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
        let parsed = parse_mime(message.as_bytes());
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
        let Some(sink) = SmtpSink::start(&["-Q", "RCPT"]) else {
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
    let Some(sink) = SmtpSink::start(&[]) else {
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
            let parsed = parse_mime(message.as_bytes());
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
