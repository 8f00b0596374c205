//! The journal against a real SMTP server on loopback: `missive send` killed (-9) or
//! interrupted (SIGINT) in the middle of a run and resumed, two senders at once, a changed
//! template, a finished campaign run again, and `status` / `report`.
//!
//! The binary is spawned as a user would run it; the server counts what it received, so a
//! duplicate or a loss shows as such. Nothing sleeps: the tests wait on the server
//! ([`SmtpServer::wait_for`]) and on the process.

use crate::harness::{
    CONCURRENCY, Campaign, Event, PASSWORD, PATIENCE, SmtpServer, TestCa, assert_exit,
    assert_once_at_most, doubles, received_per_recipient, run, signal, spawn, text,
};

#[test]
fn killed_mid_run_then_resumed_everyone_receives_it_and_only_in_flight_ones_twice() {
    let rows = 300;
    let campaign = Campaign::new(rows);
    let server = SmtpServer::builder().start();
    let running = spawn(campaign.send(&server, &["--rate", "150/s"]));
    assert!(server.wait_for(60, PATIENCE), "the run should be under way");
    let mut running = running;
    running.kill().expect("kill -9");
    running.wait().expect("the killed process is reaped");
    let before_resume = server.messages().len();
    assert!(before_resume < rows, "killed before the end");

    // Resuming sends what was not sent; what was in flight is uncertain, not resent.
    let resumed = run(campaign.send(&server, &["--rate", "unlimited"]));
    let output = text(&resumed);
    let statuses = campaign.statuses();
    let uncertain = statuses.get("uncertain").copied().unwrap_or(0);
    assert!(uncertain <= CONCURRENCY, "{statuses:?}");
    assert_eq!(
        resumed.status.code(),
        Some(if uncertain == 0 { 0 } else { 3 }),
        "{output}"
    );
    if uncertain > 0 {
        assert!(output.contains("uncertain"), "{output}");
        assert!(output.contains("--retry-uncertain"), "{output}");
    }
    assert_once_at_most(&server, rows, uncertain);

    // Asked to, it sends the uncertain ones again: everyone has it, duplicates only among
    // the messages in flight at the kill.
    let retried = run(campaign.send(&server, &["--retry-uncertain", "--rate", "unlimited"]));
    assert_exit(&retried, 0);
    let received = received_per_recipient(&server);
    assert_eq!(received.len(), rows, "every recipient received it");
    let doubled = doubles(&received);
    assert!(
        doubled.len() <= uncertain,
        "{doubled:?} with {uncertain} uncertain"
    );
    assert!(doubled.iter().all(|(_, n)| *n == 2), "{doubled:?}");
    assert_eq!(campaign.statuses().get("sent"), Some(&rows));
}

#[test]
fn interrupted_with_ctrl_c_then_resumed_nobody_receives_it_twice() {
    let rows = 300;
    let campaign = Campaign::new(rows);
    let server = SmtpServer::builder().start();
    let running = spawn(campaign.send(&server, &["--rate", "150/s"]));
    assert!(server.wait_for(40, PATIENCE), "the run should be under way");
    signal(&running, "INT");
    let stopped = running.wait_with_output().expect("the run ends");
    let output = text(&stopped);
    assert_eq!(stopped.status.code(), Some(4), "{output}");
    assert!(output.contains("run `missive send` to go on"), "{output}");
    assert!(server.messages().len() < rows, "stopped before the end");
    // Nothing is left half-sent: every recipient is sent or pending.
    let statuses = campaign.statuses();
    assert_eq!(
        statuses.keys().map(String::as_str).collect::<Vec<_>>(),
        ["pending", "sent"],
        "{statuses:?}"
    );
    assert_eq!(statuses["sent"], server.messages().len());

    let resumed = run(campaign.send(&server, &["--rate", "unlimited"]));
    assert_exit(&resumed, 0);
    let received = received_per_recipient(&server);
    assert_eq!(received.len(), rows);
    assert!(received.values().all(|n| *n == 1), "no duplicate at all");
}

#[test]
fn a_second_sender_is_refused_at_once() {
    let campaign = Campaign::new(300);
    let server = SmtpServer::builder().start();
    let first = spawn(campaign.send(&server, &["--rate", "100/s"]));
    assert!(server.wait_for(1, PATIENCE), "the first sender is sending");
    let second = run(campaign.send(&server, &["--rate", "unlimited"]));
    let output = text(&second);
    assert_eq!(second.status.code(), Some(4), "{output}");
    assert!(output.contains("another `missive send`"), "{output}");
    assert!(
        output.contains(&format!("process `{}`", first.id())),
        "{output}"
    );
    signal(&first, "TERM");
    let stopped = first.wait_with_output().expect("the first run ends");
    assert_exit(&stopped, 4);
    assert!(received_per_recipient(&server).values().all(|n| *n == 1));
}

#[test]
fn a_changed_template_is_refused_then_sent_with_new_revision() {
    let campaign = Campaign::new(20);
    let server = SmtpServer::builder().start();
    let first = run(campaign.send(&server, &["--limit", "8", "--rate", "unlimited"]));
    // `--limit 8`: the 8 asked for were all accepted, so the run succeeded (12 remain).
    assert_eq!(first.status.code(), Some(0), "12 left: {}", text(&first));
    assert_eq!(server.messages().len(), 8);

    campaign.template("Bonjour {{ nom }},\n\nla rentrée numérique est reportée à mardi.\n");
    let refused = run(campaign.send(&server, &["--rate", "unlimited"]));
    let output = text(&refused);
    assert_eq!(refused.status.code(), Some(1), "{output}");
    assert!(
        output.contains("`8` recipients already got an earlier version"),
        "{output}"
    );
    assert!(output.contains("--new-revision"), "{output}");
    assert_eq!(server.messages().len(), 8, "nothing sent");

    let accepted = run(campaign.send(&server, &["--new-revision", "--rate", "unlimited"]));
    assert_exit(&accepted, 0);
    let messages = server.messages();
    assert_eq!(messages.len(), 20);
    let new_version = |m: &crate::harness::Received| {
        m.parsed()
            .body_text(0)
            .is_some_and(|body| body.contains("reportée à mardi"))
    };
    assert!(
        !messages[..8].iter().any(new_version),
        "the first 8 got the first version"
    );
    assert!(
        messages[8..].iter().all(new_version),
        "the others got the new one"
    );
    // The new revision, once accepted, needs no flag to go on.
    let rerun = run(campaign.send(&server, &["--rate", "unlimited"]));
    assert_exit(&rerun, 0);
}

#[test]
fn a_finished_campaign_run_again_sends_nothing_and_new_rows_are_pending() {
    let campaign = Campaign::new(12);
    let server = SmtpServer::builder().start();
    let first = run(campaign.send(&server, &["--rate", "unlimited"]));
    assert_exit(&first, 0);
    let again = run(campaign.send(&server, &["--rate", "unlimited"]));
    let output = text(&again);
    assert_eq!(again.status.code(), Some(0), "{output}");
    assert!(output.contains("nothing to send"), "{output}");
    assert!(output.contains("`12` already sent"), "{output}");
    assert_eq!(server.messages().len(), 12);

    campaign.rows(15);
    let grown = run(campaign.send(&server, &["--rate", "unlimited"]));
    assert_exit(&grown, 0);
    assert_eq!(server.messages().len(), 15);
    assert!(received_per_recipient(&server).values().all(|n| *n == 1));
}

#[test]
fn a_test_send_never_touches_the_journal() {
    let campaign = Campaign::new(3);
    let server = SmtpServer::builder().start();
    let sent = run(campaign.send(
        &server,
        &["--to", "relecteur@ac-lille.example", "--rate", "unlimited"],
    ));
    assert_exit(&sent, 0);
    assert_eq!(server.messages().len(), 3);
    assert!(!campaign.journal().exists());
    assert!(!campaign.path().join(".missive").exists());
}

#[test]
fn status_and_report_tell_each_recipient() {
    let campaign = Campaign::new(5);
    let server = SmtpServer::builder()
        .script(|event| match event {
            Event::Rcpt { to, .. } if to.starts_with("ce.0000003") => {
                Some((550, "5.1.1 no such mailbox".into()))
            }
            _ => None,
        })
        .start();
    let sent = run(campaign.send(&server, &["--rate", "unlimited"]));
    let output = text(&sent);
    assert_eq!(sent.status.code(), Some(3), "{output}");
    assert!(output.contains("--retry-failed"), "{output}");

    let status = run(campaign.missive(&["status"]));
    let output = text(&status);
    assert!(status.status.success(), "{output}");
    assert!(output.contains("sent       4"), "{output}");
    assert!(output.contains("failed     1"), "{output}");
    assert!(output.contains("--retry-failed"), "{output}");

    let report = campaign.report();
    assert_eq!(report.len(), 5);
    let failed = &report[3];
    assert_eq!(failed["row"], "liste.csv:5");
    assert_eq!(failed["to"], "Directrice 3 <ce.0000003@ac-lille.example>");
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["code"], 550);
    assert!(
        failed["reply"]
            .as_str()
            .is_some_and(|r| r.contains("no such mailbox"))
    );
    let sent = &report[0];
    assert_eq!(sent["status"], "sent");
    assert_eq!(sent["code"], 250);
    assert_eq!(sent["attempts"], 1);
    assert!(
        sent["message_id"]
            .as_str()
            .is_some_and(|id| id.contains("missive"))
    );
    assert!(sent["time"].as_str().is_some_and(|t| t.ends_with('Z')));

    let written = run(campaign.missive(&["report", "-o", "rapport.csv"]));
    assert!(written.status.success(), "{}", text(&written));
    let csv = std::fs::read_to_string(campaign.path().join("rapport.csv")).expect("the report");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "row,to,status,code,reply,message_id,attempts,time,relay,returned,returned_time,returned_status,returned_diagnostic,read_time"
        )
    );
    assert_eq!(lines.count(), 5);
}

#[test]
fn the_password_is_written_nowhere() {
    let campaign = Campaign::new(3);
    let ca = TestCa::new(campaign.path());
    let server = SmtpServer::builder()
        .starttls(&ca)
        .auth("ien.lille-1", PASSWORD)
        .start();
    let url = format!("smtp://127.0.0.1:{}?tls=required", server.addr().port());
    let mut command = campaign.missive(&[
        "send",
        "--yes",
        "--rate",
        "unlimited",
        "--smtp",
        &url,
        "--smtp-user",
        "ien.lille-1",
        "--ca-file",
    ]);
    command
        .arg(ca.ca_file())
        .env("MISSIVE_SMTP_PASSWORD", PASSWORD);
    let sent = run(command);
    assert_exit(&sent, 0);
    assert_eq!(server.messages().len(), 3);
    let needle = PASSWORD.as_bytes();
    for file in std::fs::read_dir(campaign.path().join(".missive")).expect("journal folder") {
        let path = file.expect("a file").path();
        let bytes = std::fs::read(&path).expect("readable");
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "the password is in `{}`",
            path.display()
        );
    }
    for format in ["csv", "jsonl"] {
        let report = run(campaign.missive(&["report", "--format", format]));
        assert!(!text(&report).contains(PASSWORD));
    }
}

/// The mark log cannot be written (a full disk, played by `/dev/full`): no message goes
/// without its mark, the run says why and stops, and once the disk is mended a rerun sends
/// the rest, nobody twice.
#[test]
fn a_mark_log_that_cannot_be_written_stops_the_run_and_a_rerun_finishes_it() {
    const ROWS: usize = 200;
    let campaign = Campaign::new(ROWS);
    let server = SmtpServer::builder().start();
    let log = campaign.path().join(".missive/journal.sqlite-marks");
    std::fs::create_dir_all(log.parent().expect("its folder")).expect("mkdir");
    std::os::unix::fs::symlink("/dev/full", &log).expect("symlink");
    let first = run(campaign.send(&server, &["--rate", "unlimited"]));
    let output = text(&first);
    assert_ne!(first.status.code(), Some(0), "{output}");
    assert!(
        output.contains("cannot write the journal's mark log"),
        "{output}"
    );
    let received = received_per_recipient(&server);
    assert!(received.len() < ROWS, "the run stopped: {}", received.len());

    std::fs::remove_file(&log).expect("the disk mended");
    let second = run(campaign.send(&server, &["--rate", "unlimited"]));
    assert_exit(&second, 0);
    let received = received_per_recipient(&server);
    assert_eq!(received.len(), ROWS, "everyone got it");
    assert!(received.values().all(|n| *n == 1), "nobody twice");
}

/// A journal deleted or emptied after a run, its lock still beside it: the next `send` is
/// refused (it would send everyone again), and so is `status`; deleting the lock too starts
/// over on purpose.
#[test]
fn a_journal_deleted_or_emptied_after_a_run_is_refused_not_started_anew() {
    let campaign = Campaign::new(5);
    let server = SmtpServer::builder().start();
    assert_exit(&run(campaign.send(&server, &["--rate", "unlimited"])), 0);
    assert_eq!(server.messages().len(), 5);
    let journal = campaign.journal();

    for emptied in [false, true] {
        if emptied {
            std::fs::write(&journal, b"").expect("emptied");
        } else {
            std::fs::remove_file(&journal).expect("deleted");
        }
        let again = run(campaign.send(&server, &["--rate", "unlimited"]));
        assert_exit(&again, 1);
        let said = text(&again);
        let state = if emptied { "is empty" } else { "is missing" };
        assert!(
            said.contains(&format!("journal.sqlite` {state}"))
                && said.contains("deleted or emptied since")
                && said.contains("journal.sqlite.lock"),
            "{said}"
        );
        assert_eq!(server.messages().len(), 5, "nobody got it twice");
        let status = run(campaign.missive(&["status"]));
        assert_exit(&status, 1);
        assert!(
            text(&status).contains("deleted or emptied since"),
            "{}",
            text(&status)
        );
    }

    // Starting over on purpose: the lock goes too, and everyone gets it again.
    std::fs::remove_file(journal.with_file_name("journal.sqlite.lock")).expect("the lock");
    assert_exit(&run(campaign.send(&server, &["--rate", "unlimited"])), 0);
    assert_eq!(server.messages().len(), 10);
}
