//! Not tests: figures for a person to read (`cargo test --release --test cli -- --ignored
//! --nocapture mailbox_figures`), for the mailbox's closing note, as `benches/` gives for
//! the rest. What they check is checked by the real tests too; only the durations are new.

use std::time::Instant;

use crate::harness::{Dovecot, IMAP_PASSWORD, SmtpSink, assert_exit, run, text};
use crate::mailbox::{report_for, with_mailbox};

const MESSAGES: usize = 1000;

/// A campaign of 1,000 messages sent to `smtp-sink` with a copy of each in Sent, then
/// 1,000 real Postfix bounces (one per message) read back by `collect`.
#[test]
#[ignore = "a measurement: run it with --release --ignored --nocapture"]
fn measure_copies_and_collect_over_a_thousand_messages() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let Some(sink) = SmtpSink::start(&[]) else {
        return;
    };
    let campaign = with_mailbox(MESSAGES, &dovecot, "none");
    let timed = |args: &[&str]| {
        let mut command = campaign.missive(args);
        command.env("MISSIVE_IMAP_PASSWORD", IMAP_PASSWORD);
        let started = Instant::now();
        let output = run(command);
        (output, started.elapsed())
    };
    let rate = ["--rate", "unlimited", "--concurrency", "4"];
    let (sent, plain) = timed(&[&["send", "--yes", "--smtp", &sink.url()][..], &rate[..]].concat());
    assert_exit(&sent, 0);
    // The same campaign again, as a new one (its journal gone), with a copy of each in Sent.
    std::fs::remove_dir_all(campaign.path().join(".missive")).expect("a fresh journal");
    let (sent, with_copies) = timed(
        &[
            &[
                "send",
                "--yes",
                "--smtp",
                &sink.url(),
                "--save-sent",
                "each",
            ][..],
            &rate[..],
        ]
        .concat(),
    );
    assert_exit(&sent, 0);
    assert_eq!(dovecot.messages("Sent").len(), MESSAGES, "{}", text(&sent));

    for line in campaign.report() {
        let id = line["message_id"].as_str().expect("a Message-ID");
        dovecot.deliver(
            "INBOX",
            &report_for(
                "postfix-bounce-headers.eml",
                "9b8d03dc862230dab4e172e3ad939166.missive@ac-lille.example",
                id,
            ),
        );
    }
    let (collected, collecting) = timed(&["collect"]);
    assert_exit(&collected, 0);
    assert!(
        text(&collected).contains(&format!("read `{MESSAGES}` new messages")),
        "{}",
        text(&collected)
    );
    let (again, nothing_new) = timed(&["collect"]);
    assert!(text(&again).contains("read `0` new messages"));
    println!("{MESSAGES} messages of the campaign, to smtp-sink, Dovecot over IMAPS on loopback:");
    println!("  send without copies:          {plain:.2?}");
    println!(
        "  send with a copy each in Sent: {with_copies:.2?} (the copies: about {:.2?})",
        with_copies.saturating_sub(plain)
    );
    println!("  collect over {MESSAGES} bounces in INBOX: {collecting:.2?}");
    println!("  collect again, nothing new:  {nothing_new:.2?}");
}
