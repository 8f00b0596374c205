//! Polite, robust delivery against a real SMTP server (mailin-embedded) on loopback whose
//! replies the tests script: retries of 4xx, 421 closing sessions, 5xx failing alone, the
//! concurrency cap as the server saw it.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::harness::{Campaign, Event, SmtpServer, assert_exit, received_per_recipient, run, text};

/// A campaign of `rows` teachers, its template and list named on the command line.
struct Teachers {
    campaign: Campaign,
    rows: usize,
}

impl Teachers {
    fn new(rows: usize) -> Self {
        let campaign = Campaign::empty();
        let mut list = String::from("prenom;email\n");
        for row in 0..rows {
            writeln!(list, "Enseignant{row};prof{row}@ac-lille.fr").expect("write to a String");
        }
        campaign
            .write(
                "message.txt",
                "From: Direction <direction@ecole-jules-ferry.fr>\nTo: {{ prenom }} <{{ email }}>\nSubject: Rentrée numérique, {{ prenom }}\n\nBonjour {{ prenom }},\nla classe virtuelle ouvre lundi.\n",
            )
            .write("equipe.csv", list);
        Self { campaign, rows }
    }

    fn path(&self) -> &Path {
        self.campaign.path()
    }

    fn send(&self, server: &SmtpServer, extra: &[&str]) -> Output {
        let mut command = self.campaign.send(
            server,
            &[
                "-t",
                "message.txt",
                "-r",
                "equipe.csv",
                "--retry-base",
                "10ms",
            ],
        );
        command.args(extra);
        run(command)
    }
}

#[test]
fn a_451_then_accept_delivers_each_exactly_once() {
    let campaign = Teachers::new(12);
    let server = SmtpServer::builder()
        .script(|event| match event {
            Event::Rcpt { attempt: 1, .. } => Some((451, "4.7.1 greylisted, try later".into())),
            _ => None,
        })
        .start();
    let sent = campaign.send(&server, &["--concurrency", "3"]);
    assert_exit(&sent, 0);
    let counts = received_per_recipient(&server);
    assert_eq!(counts.len(), campaign.rows);
    assert!(counts.values().all(|&n| n == 1), "{counts:?}");
}

#[test]
fn a_421_every_few_messages_closes_the_session_and_all_arrive() {
    let campaign = Teachers::new(40);
    let server = SmtpServer::builder()
        .script(|event| match event {
            Event::DataEnd { nth, .. } if nth % 7 == 0 => {
                Some((421, "4.3.2 too busy, closing".into()))
            }
            _ => None,
        })
        .start();
    let sent = campaign.send(&server, &["--concurrency", "2"]);
    assert_exit(&sent, 0);
    let counts = received_per_recipient(&server);
    assert_eq!(counts.len(), campaign.rows);
    assert!(counts.values().all(|&n| n == 1), "{counts:?}");
    assert!(
        server.sessions() > 2,
        "421 closed sessions: {}",
        server.sessions()
    );
}

#[test]
fn two_refused_recipients_fail_alone_and_the_run_exits_3() {
    let campaign = Teachers::new(20);
    let server = SmtpServer::builder()
        .script(|event| match event {
            Event::Rcpt { to, .. } if *to == "prof3@ac-lille.fr" || *to == "prof11@ac-lille.fr" => {
                Some((550, "5.1.1 no such user".into()))
            }
            _ => None,
        })
        .start();
    let sent = campaign.send(&server, &[]);
    assert_exit(&sent, 3);
    let output = text(&sent);
    for refused in ["prof3@ac-lille.fr", "prof11@ac-lille.fr"] {
        let line = output
            .lines()
            .find(|l| l.contains(refused))
            .unwrap_or_else(|| panic!("{refused} is reported: {output}"));
        assert!(line.contains("550"), "{line}");
    }
    assert_eq!(received_per_recipient(&server).len(), 18);
}

#[test]
fn sessions_never_exceed_the_concurrency_cap() {
    let campaign = Teachers::new(60);
    let server = SmtpServer::builder().threads(16).start();
    let sent = campaign.send(&server, &["--concurrency", "3", "--per-connection", "7"]);
    assert_exit(&sent, 0);
    assert_eq!(received_per_recipient(&server).len(), 60);
    println!(
        "peak sessions seen by the server: {}, sessions in all: {}",
        server.peak_sessions(),
        server.sessions()
    );
    assert!(
        server.peak_sessions() <= 3,
        "peak {}",
        server.peak_sessions()
    );
    assert!(
        server.sessions() >= 60 / 7,
        "sessions renewed every 7 messages: {}",
        server.sessions()
    );
}

#[test]
fn a_relay_that_always_defers_gives_up_after_max_attempts() {
    let campaign = Teachers::new(3);
    let tries = std::sync::Arc::new(AtomicU32::new(0));
    let counted = std::sync::Arc::clone(&tries);
    let server = SmtpServer::builder()
        .script(move |event| match event {
            Event::Rcpt { .. } => {
                counted.fetch_add(1, Ordering::Relaxed);
                Some((452, "4.3.1 insufficient storage".into()))
            }
            _ => None,
        })
        .start();
    let sent = campaign.send(&server, &["--max-attempts", "3", "--concurrency", "1"]);
    assert_exit(&sent, 3);
    assert_eq!(tries.load(Ordering::Relaxed), 9, "3 messages × 3 attempts");
    assert!(text(&sent).contains("452"));
}

#[test]
fn many_refusals_in_a_row_stop_the_run_with_exit_4() {
    let campaign = Teachers::new(30);
    let server = SmtpServer::builder()
        .script(|event| match event {
            Event::Rcpt { .. } => Some((550, "5.7.1 relaying denied".into())),
            _ => None,
        })
        .start();
    let sent = campaign.send(
        &server,
        &["--max-failures-in-a-row", "5", "--concurrency", "1"],
    );
    assert_exit(&sent, 4);
    let output = text(&sent);
    assert!(output.contains("5 messages in a row"), "{output}");
}

#[test]
fn a_campaign_too_big_to_keep_is_rendered_again_and_sent_whole() {
    // 30 messages of about 2.7 MB: past the 64 MB the first pass keeps, so the second pass
    // reads the list again and composes each message a second time.
    let campaign = Teachers::new(30);
    let bytes: Vec<u8> = (0..2_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(campaign.path().join("annexe.bin"), &bytes).expect("attachment");
    let server = SmtpServer::builder().start();
    let sent = campaign.send(&server, &["-a", "annexe.bin", "--concurrency", "2"]);
    assert_exit(&sent, 0);
    let counts = received_per_recipient(&server);
    assert_eq!(counts.len(), campaign.rows);
    assert!(counts.values().all(|&n| n == 1), "{counts:?}");
    let first = &server.messages()[0];
    let parsed = first.parsed();
    let attachment = parsed.attachments().next().expect("the attachment");
    assert_eq!(attachment.contents(), bytes.as_slice());
}

/// Under a French locale, the plan, the refusal, the summary and what to do next are French;
/// the relay's reply stays as it wrote it.
#[test]
fn a_refused_recipient_and_the_summary_are_told_in_french() {
    let sample = Campaign::sample_without_login();
    let server = crate::send::refusing_one_recipient();
    let sent = crate::harness::french(sample.path())
        .args([
            "send",
            "--yes",
            "--rate",
            "unlimited",
            "--concurrency",
            "1",
            "--smtp",
        ])
        .arg(server.url())
        .output()
        .expect("send runs");
    assert_exit(&sent, 3);
    let said = text(&sent);
    for french in [
        "envoi de 12 messages, ",
        " en tout, 12 destinataires, par ",
        " avec 1 session à la fois, pas de limite de cadence (aucune)",
        ": refusé\u{a0}: «\u{a0}550 5.1.1 mailbox unknown\u{a0}»",
        "11 envoyés, 1 refusé, 0 différé, 0 incertain en ",
        "`missive report` donne chaque destinataire avec la réponse du relais",
        "ensuite\u{a0}: 1 refusé par le relais\u{a0}: voyez pourquoi avec `missive report`",
    ] {
        assert!(said.contains(french), "{french:?} in {said}");
    }
    assert_eq!(server.messages().len(), 11);
}
