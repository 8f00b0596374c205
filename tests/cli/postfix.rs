//! Handing a campaign to a local Postfix, the durable queue of README's "Large campaigns":
//! a private Postfix instance (its own configuration, queue and data folders in a temporary
//! folder, listening on a free loopback port) accepts the campaign from `missive send` over
//! plain SMTP and delivers it to a Maildir; every message is then read back and checked.
//!
//! Needs Debian's `postfix` package and root (Postfix starts as root and drops to its own
//! user). `.ci/run` installs it; with `CI=true` and no Postfix the test fails, elsewhere it
//! says why it did not run.

use std::collections::BTreeMap;

use mail_parser::MimeHeaders;

use crate::harness::{Campaign, Postfix, assert_exit, parse_mime, run, text};

const ROWS: usize = 40;

/// The `To` address of each delivered message, parsed by a real MIME parser.
fn addressees(delivered: &[Vec<u8>]) -> Vec<String> {
    delivered
        .iter()
        .map(|raw| {
            let message = parse_mime(raw);
            message
                .to()
                .and_then(|to| to.first())
                .and_then(|a| a.address())
                .expect("a To address")
                .to_string()
        })
        .collect()
}

#[test]
fn a_campaign_handed_to_a_local_postfix_arrives_intact_in_its_maildir() {
    let Some(postfix) = Postfix::start() else {
        return;
    };
    let campaign = Campaign::new(ROWS);
    let attachment: Vec<u8> = (0..50_000u32).map(|n| (n * 7 % 251) as u8).collect();
    std::fs::write(campaign.path().join("programme.bin"), &attachment).expect("attachment");
    campaign.write(
        "message.md",
        "From: Inspection de Lille 1 <ien.lille-1@ac-lille.example>\nTo: {{ nom }} <{{ email }}>\nSubject: Rentrée numérique — {{ nom }}\nAttachment: programme.bin\n\nBonjour {{ nom }},\n\nla rentrée numérique a lieu lundi.\n",
    );
    let url = postfix.url();
    let sent = run(campaign.missive(&["send", "--yes", "--smtp", &url, "--rate", "unlimited"]));
    assert_exit(&sent, 0);
    assert!(
        text(&sent).contains(&format!("sent {ROWS},")),
        "{}",
        text(&sent)
    );

    // The journal says what was handed over; the Maildir must hold exactly that.
    let expected: BTreeMap<String, String> = campaign
        .report()
        .iter()
        .map(|line| {
            assert_eq!(line["status"], "sent", "{line}");
            let id = line["message_id"].as_str().expect("an id");
            let to = line["to"].as_str().expect("a recipient");
            (id.trim_matches(['<', '>']).to_string(), to.to_string())
        })
        .collect();
    assert_eq!(expected.len(), ROWS);

    let delivered = postfix.wait_for_maildir(ROWS);
    assert_eq!(delivered.len(), ROWS, "no message twice");
    let mut seen = std::collections::BTreeSet::new();
    for raw in &delivered {
        let message = parse_mime(raw);
        let id = message.message_id().expect("a Message-ID").to_string();
        let to = expected
            .get(&id)
            .unwrap_or_else(|| panic!("`{id}` is not in the journal"));
        let name = to.split(" <").next().expect("a name").trim_matches('"');
        assert_eq!(
            message.subject(),
            Some(format!("Rentrée numérique — {name}").as_str())
        );
        let body = message.body_text(0).expect("a text body");
        assert!(
            body.contains(&format!("Bonjour {name},"))
                && body.contains("la rentrée numérique a lieu lundi."),
            "{body}"
        );
        let attached = message.attachment(0).expect("the attachment");
        assert_eq!(attached.attachment_name(), Some("programme.bin"));
        assert!(
            attached.contents() == attachment.as_slice(),
            "attachment intact"
        );
        assert!(seen.insert(id), "delivered once");
    }
    assert_eq!(seen.len(), ROWS);
}

/// Postfix refuses one head for good and defers another at RCPT, while the other messages of
/// the same sessions go through: with PIPELINING (Postfix announces it) MAIL, RCPT and DATA
/// travel in one write, and without it (the keyword discarded) one by one. Both ways every
/// recipient ends as Postfix decided and nothing is delivered twice; where Postfix does not
/// announce PIPELINING it refuses DATA from a client that pipelines anyway.
#[test]
fn refusals_at_rcpt_are_settled_per_recipient_with_and_without_pipelining() {
    const REFUSED: &str = "ce.0000003@ac-lille.example";
    const DEFERRED: &str = "ce.0000007@ac-lille.example";
    const ROWS: usize = 12;
    let access = format!(
        "check_recipient_access inline:{{ {{ {REFUSED} = 550 5.1.1 no such school }}, {{ {DEFERRED} = 450 4.2.1 mailbox busy }} }}, permit_mynetworks, reject_unauth_destination"
    );
    for pipelining in [true, false] {
        let extra = if pipelining {
            format!("smtpd_recipient_restrictions = {access}")
        } else {
            // Postfix refuses every recipient of a client that sends commands ahead of the
            // replies without being told it may.
            format!(
                "smtpd_discard_ehlo_keywords = pipelining\nsmtpd_recipient_restrictions = reject_unauth_pipelining, {access}"
            )
        };
        let Some(postfix) = Postfix::start_with(&extra) else {
            return;
        };
        let campaign = Campaign::new(ROWS);
        let url = postfix.url();
        let sent = run(campaign.missive(&[
            "send",
            "--yes",
            "--smtp",
            &url,
            "--rate",
            "unlimited",
            "--concurrency",
            "2",
            "--max-attempts",
            "1",
        ]));
        let output = text(&sent);
        assert!(
            output.contains(&format!("sent {},", ROWS - 2)),
            "pipelining {pipelining}: {output}"
        );
        let report = campaign.report();
        let status_of = |address: &str| {
            report
                .iter()
                .find(|line| line["to"].as_str().is_some_and(|to| to.contains(address)))
                .map(|line| {
                    (
                        line["status"].as_str().unwrap_or_default().to_string(),
                        line["reply"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .expect("in the report")
        };
        let (status, reply) = status_of(REFUSED);
        assert_eq!(status, "failed", "pipelining {pipelining}: {reply}");
        assert!(reply.contains("no such school"), "{reply}");
        let (status, reply) = status_of(DEFERRED);
        assert_eq!(status, "deferred", "pipelining {pipelining}: {reply}");
        assert!(reply.contains("mailbox busy"), "{reply}");

        let delivered = postfix.wait_for_maildir(ROWS - 2);
        assert_eq!(delivered.len(), ROWS - 2, "pipelining {pipelining}");
        let mut recipients = std::collections::BTreeSet::new();
        for to in addressees(&delivered) {
            assert!(to != REFUSED && to != DEFERRED, "{to} was delivered");
            assert!(recipients.insert(to), "delivered once");
        }
    }
}

/// With PIPELINING, the next message's envelope travels in the same write as the end of the
/// message before it: one round trip per message. Postfix refuses one message at its end
/// (a header check), then answers the envelope that came with it; it closes the session with
/// 421 at another's RCPT, right after accepting the message before. On one session, in the
/// list's order: the refused message is `failed`, the one before the 421 is `sent` (its reply
/// came first), the 421 is `deferred`, every other message arrives once, none is uncertain.
#[test]
fn an_envelope_sent_with_the_previous_message_keeps_every_outcome_in_step() {
    const REFUSED_AT_END: &str = "ce.0000004@ac-lille.example";
    const BEFORE_CLOSE: &str = "ce.0000007@ac-lille.example";
    const CLOSED: &str = "ce.0000008@ac-lille.example";
    const ROWS: usize = 12;
    let extra = format!(
        "header_checks = regexp:{{ {{ /^To:.*ce\\.0000004@/ REJECT 5.7.1 circular refused at its end }} }}
smtpd_recipient_restrictions = check_recipient_access inline:{{ {{ {CLOSED} = 421 4.7.0 closing now }} }}, permit_mynetworks, reject_unauth_destination"
    );
    let Some(postfix) = Postfix::start_with(&extra) else {
        return;
    };
    let campaign = Campaign::new(ROWS);
    let sent = run(campaign.missive(&[
        "send",
        "--yes",
        "--smtp",
        &postfix.url(),
        "--rate",
        "unlimited",
        "--concurrency",
        "1",
        "--max-attempts",
        "1",
    ]));
    let output = text(&sent);
    assert!(output.contains(&format!("sent {},", ROWS - 2)), "{output}");
    assert!(output.contains("uncertain 0"), "{output}");
    let report = campaign.report();
    let outcome = |address: &str| {
        let line = report
            .iter()
            .find(|line| line["to"].as_str().is_some_and(|to| to.contains(address)))
            .expect("in the report");
        (
            line["status"].as_str().unwrap_or_default().to_string(),
            line["reply"].as_str().unwrap_or_default().to_string(),
        )
    };
    let (status, reply) = outcome(REFUSED_AT_END);
    assert_eq!(status, "failed", "{reply}");
    assert!(reply.contains("refused at its end"), "{reply}");
    let (status, reply) = outcome(BEFORE_CLOSE);
    assert_eq!(status, "sent", "{reply}");
    let (status, reply) = outcome(CLOSED);
    assert_eq!(status, "deferred", "{reply}");
    assert!(reply.contains("closing now"), "{reply}");

    let delivered = postfix.wait_for_maildir(ROWS - 2);
    let mut recipients = std::collections::BTreeSet::new();
    for to in addressees(&delivered) {
        assert!(to != REFUSED_AT_END && to != CLOSED, "{to} was delivered");
        assert!(recipients.insert(to), "delivered once");
    }
    assert_eq!(recipients.len(), ROWS - 2);
}
