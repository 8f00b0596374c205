//! Two `missive send` processes drawing from one campaign through a shared `PostgreSQL`
//! journal, against the test SMTP server: each recipient is received once across both,
//! `status` sees the whole campaign, and a sender killed (-9) in the middle leaves what it
//! had in flight `uncertain` once its lease ran out, never resent without
//! `--retry-uncertain`, while the other sender takes over what it had only claimed.
//!
//! A private `PostgreSQL` server is started for the test (`harness::Postgres`); without
//! `PostgreSQL` the tests say why they skipped, except under `CI=true`, where they fail.
//! Nothing sleeps to synchronise: the tests wait on the SMTP server and the processes.

use std::process::{Child, Command, Output};

use crate::harness::{
    CONCURRENCY, Campaign, DB_PASSWORD, Dovecot, IMAP_PASSWORD, PATIENCE, Postgres, SmtpServer,
    assert_exit, assert_once_at_most, count_statuses, doubles, received_per_recipient,
    report_lines, run, spawn, text,
};

/// The campaign, the journal's URL, and the server behind it.
struct Shared {
    campaign: Campaign,
    url: String,
    server: Postgres,
}

impl Shared {
    fn new(rows: usize, lease: &str) -> Option<Self> {
        let server = Postgres::start()?;
        Some(Self {
            campaign: Campaign::new(rows),
            url: server.database(lease),
            server,
        })
    }

    /// `command` with the shared journal.
    fn journal(&self, mut command: Command) -> Command {
        command
            .args(["--journal", &self.url])
            .env("PGPASSWORD", DB_PASSWORD);
        command
    }

    fn missive(&self, args: &[&str]) -> Command {
        self.journal(self.campaign.missive(args))
    }

    fn send(&self, smtp: &SmtpServer, extra: &[&str]) -> Command {
        self.journal(self.campaign.send(smtp, extra))
    }

    fn status(&self) -> String {
        let output = run(self.missive(&["status"]));
        assert!(output.status.success(), "{}", text(&output));
        text(&output)
    }

    fn statuses(&self) -> std::collections::BTreeMap<String, usize> {
        count_statuses(&report_lines(
            self.missive(&["report", "--format", "jsonl"]),
        ))
    }
}

fn finish(child: Child) -> Output {
    child.wait_with_output().expect("missive ends")
}

/// How many messages a sender's summary line says it sent (`sent N, refused …`).
fn sent_by(output: &Output) -> usize {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("sent ")?.split(',').next()?.parse().ok())
        .unwrap_or(0)
}

#[test]
fn two_senders_on_one_journal_send_each_recipient_once() {
    let rows = 400;
    let Some(shared) = Shared::new(rows, "5s") else {
        return;
    };
    let smtp = SmtpServer::builder().threads(8).start();
    // Paced, so that both are at work for a while whichever starts first.
    let one = spawn(shared.send(&smtp, &["--rate", "150/s"]));
    let two = spawn(shared.send(&smtp, &["--rate", "150/s"]));
    let (one, two) = (finish(one), finish(two));
    assert_exit(&one, 0);
    assert_exit(&two, 0);

    let received = received_per_recipient(&smtp);
    assert_eq!(doubles(&received), [], "nobody twice");
    assert_eq!(received.len(), rows, "nobody missed");
    let (by_one, by_two) = (sent_by(&one), sent_by(&two));
    assert_eq!(by_one + by_two, rows, "{}\n{}", text(&one), text(&two));
    assert!(
        by_one > 0 && by_two > 0,
        "both senders took a share: {by_one} and {by_two}\n{}\n{}",
        text(&one),
        text(&two)
    );
    for output in [&one, &two] {
        assert!(
            text(output).contains("left to the other senders of the shared journal"),
            "{}",
            text(output)
        );
    }

    let status = shared.status();
    assert!(status.contains(&format!("`{rows}` recipients")), "{status}");
    assert!(status.contains(&format!("sent       {rows}")), "{status}");
    assert!(status.contains("nothing left to do"), "{status}");
    // The database password shows nowhere.
    for output in [text(&one), text(&two), status] {
        assert!(!output.contains(DB_PASSWORD), "{output}");
    }
}

#[test]
fn a_killed_sender_leaves_its_claims_uncertain_after_its_lease() {
    let rows = 300;
    let Some(shared) = Shared::new(rows, "3s") else {
        return;
    };
    let smtp = SmtpServer::builder().threads(8).start();
    let mut killed = spawn(shared.send(&smtp, &["--rate", "100/s"]));
    let survivor = spawn(shared.send(&smtp, &["--rate", "100/s"]));
    assert!(
        smtp.wait_for(60, PATIENCE),
        "the senders should be under way"
    );
    killed.kill().expect("kill -9");
    killed.wait().expect("the killed process is reaped");
    let survivor = finish(survivor);
    assert_exit(&survivor, 0);

    // The survivor waited for the killed sender's lease to run out, then sent what that one
    // had claimed and not handed over; what it had in flight is uncertain, not resent.
    let statuses = shared.statuses();
    let uncertain = statuses.get("uncertain").copied().unwrap_or(0);
    assert!(uncertain <= CONCURRENCY, "{statuses:?}");
    assert_eq!(
        statuses.get("sent").copied().unwrap_or(0) + uncertain,
        rows,
        "{statuses:?}\n{}",
        text(&survivor)
    );
    assert_once_at_most(&smtp, rows, uncertain);
    let status = shared.status();
    assert!(!status.contains("sending"), "{status}");
    if uncertain > 0 {
        assert!(status.contains("--retry-uncertain"), "{status}");
    }

    // A rerun has nothing to send, and sends the uncertain ones only when asked.
    let rerun = run(shared.send(&smtp, &["--rate", "unlimited"]));
    assert!(text(&rerun).contains("nothing to send"), "{}", text(&rerun));
    let retried = run(shared.send(&smtp, &["--retry-uncertain", "--rate", "unlimited"]));
    assert_exit(&retried, 0);
    assert_eq!(received_per_recipient(&smtp).len(), rows, "everyone has it");
    assert_eq!(shared.statuses().get("sent").copied(), Some(rows));
}

#[test]
fn a_remote_database_without_tls_is_refused_and_the_password_masked() {
    let campaign = Campaign::new(2);
    let secret = "s3cret-Rentrée";
    let url = format!("postgres://missive:{secret}@db.ac-lille.example:5432/missive");
    let output = run(campaign.missive(&["status", "--journal", &url]));
    assert_exit(&output, 1);
    let said = text(&output);
    assert!(said.contains("SSH tunnel"), "{said}");
    assert!(said.contains("missive:***@db.ac-lille.example"), "{said}");
    assert!(!said.contains("s3cret"), "{said}");
}

#[test]
fn a_password_in_the_address_shows_nowhere() {
    let Some(shared) = Shared::new(5, "5s") else {
        return;
    };
    let encoded = DB_PASSWORD.replace('é', "%C3%A9");
    let url = shared
        .url
        .replacen("missive@", &format!("missive:{encoded}@"), 1);
    let smtp = SmtpServer::builder().start();
    let smtp_url = smtp.url();
    let mut outputs = Vec::new();
    for args in [
        vec!["send", "--yes", "--smtp", smtp_url.as_str(), "--verbose"],
        vec!["status"],
        vec!["report", "--format", "csv"],
    ] {
        let mut command = shared.campaign.missive(&args);
        command.args(["--journal", &url]).env_remove("PGPASSWORD");
        let output = run(command);
        assert!(output.status.success(), "{}", text(&output));
        outputs.push(text(&output));
    }
    assert_eq!(received_per_recipient(&smtp).len(), 5);
    // `send` and `status` name the journal, masked; the report does not name it.
    for output in &outputs[..2] {
        assert!(output.contains("missive:***@127.0.0.1"), "{output}");
    }
    for output in outputs {
        assert!(!output.contains(DB_PASSWORD), "{output}");
        assert!(!output.contains(&encoded), "{output}");
    }
}

#[test]
fn a_journal_database_stopped_during_a_send_stops_it_then_the_next_run_finishes_once() {
    let rows = 200;
    let Some(shared) = Shared::new(rows, "2s") else {
        return;
    };
    let smtp = SmtpServer::builder().threads(4).start();
    let sending = spawn(shared.send(&smtp, &["--rate", "40/s"]));
    assert!(smtp.wait_for(20, PATIENCE), "the send should be under way");
    shared.server.stop();
    let stopped = finish(sending);
    let said = text(&stopped);
    assert_eq!(stopped.status.code(), Some(4), "resumable: {said}");
    let reason = said
        .lines()
        .find(|line| line.starts_with("error: the shared journal"))
        .unwrap_or_else(|| panic!("the journal's error is said: {said}"));
    assert!(
        reason.contains("check that the database is running"),
        "{reason}"
    );
    // The database's own words come with it, whatever they are.
    let own = reason
        .split_once(": ")
        .and_then(|(_, rest)| rest.split_once("`: "))
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    assert!(
        !own.starts_with("; check"),
        "the database's reason: {reason}"
    );
    let before = received_per_recipient(&smtp).len();
    assert!(before < rows, "the run stopped early: {before} sent");

    shared.server.start_again();
    let resumed = run(shared.send(&smtp, &["--rate", "unlimited"]));
    let said = text(&resumed);
    // What the stopped run had in flight is told: waited for while its lease (2 s) runs, or
    // settled at once when it had run out already.
    let told = said.contains(
        "held by another sender of the shared journal, or by a run that stopped, whose lease runs out within",
    ) || said.contains("being sent when an earlier run stopped");
    let received = received_per_recipient(&smtp);
    assert_eq!(doubles(&received), [], "nobody twice: {said}");
    let statuses = shared.statuses();
    let uncertain = statuses.get("uncertain").copied().unwrap_or(0);
    let sent = statuses.get("sent").copied().unwrap_or(0);
    // What was in the relay's hands when the database went away is uncertain (it may have
    // been delivered, and is not sent again); everything else was sent, once.
    assert_eq!(sent + uncertain, rows, "{statuses:?}\n{said}");
    assert!(uncertain <= 4, "at most one per session: {statuses:?}");
    assert!(
        (sent..=rows).contains(&received.len()),
        "everyone else got it: {} received, {statuses:?}\n{said}",
        received.len()
    );
    assert_eq!(told, uncertain > 0, "{said}");
    let expected = if uncertain == 0 { Some(0) } else { Some(3) };
    assert_eq!(resumed.status.code(), expected, "{said}");
}

/// `missive collect` records into the shared journal too: a real Postfix bounce read from a
/// private Dovecot is counted by `status` and shown by `report` through the database, the
/// address goes on the suppression list, and a second run reads only new mail (its cursor
/// is in the database).
#[test]
fn collect_records_what_came_back_into_the_shared_journal() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let Some(shared) = Shared::new(0, "30s") else {
        return;
    };
    let smtp = SmtpServer::builder().start();
    let campaign = crate::mailbox::with_mailbox(0, &dovecot, "none");
    campaign.write(
        "liste.csv",
        "nom;email\nHélène Lefèvre;ce.0599999z@ac-lille.example\nPaul Martin;ce.0594112k@ac-lille.example\n",
    );
    let with_journal = |args: &[&str]| {
        let mut command = campaign.missive(args);
        command
            .args(["--journal", &shared.url])
            .env("PGPASSWORD", DB_PASSWORD)
            .env("MISSIVE_IMAP_PASSWORD", IMAP_PASSWORD);
        run(command)
    };
    assert_exit(&with_journal(&["send", "--yes", "--smtp", &smtp.url()]), 0);
    assert!(
        !campaign.journal().exists(),
        "the shared journal, not a file"
    );
    let report = report_lines({
        let mut command = campaign.missive(&["report", "--format", "jsonl"]);
        command
            .args(["--journal", &shared.url])
            .env("PGPASSWORD", DB_PASSWORD);
        command
    });
    crate::mailbox::bounce_back(&dovecot, &report);

    let collected = with_journal(&["collect"]);
    assert_exit(&collected, 0);
    let said = text(&collected);
    assert!(said.contains("bounced `1`"), "{said}");
    assert!(said.contains("recorded in `postgres://"), "{said}");
    assert!(!said.contains(DB_PASSWORD), "{said}");
    // The report also names an address the message did not go to: counted for its To,
    // never for its Bcc, and put on no list.
    assert!(
        said.contains("`1` address bounced for good, added to the suppression list")
            && said.contains("(`ce.0599999z@ac-lille.example`)"),
        "{said}"
    );
    assert!(!said.contains("archives@"), "{said}");
    let status = text(&with_journal(&["status"]));
    assert!(
        status.contains("bounced: ce.0599999z@ac-lille.example (5.1.1"),
        "{status}"
    );
    let again = text(&with_journal(&["collect"]));
    assert!(again.contains("read `0` new messages"), "{again}");
}
