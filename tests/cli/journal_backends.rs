//! The same journal scenarios against both journals: the `SQLite` file (the default) and a
//! shared `PostgreSQL` journal (`--journal postgres://…`, a private server started by the
//! test). Each scenario is one function taking the [`Store`]; `backends!` makes a test of
//! it for each.
//!
//! The `PostgreSQL` tests need Debian's `postgresql` (`.ci/run` installs it); without it they
//! say why they skipped, except under `CI=true`, where they fail.

use std::process::Command;

use crate::harness::{
    CONCURRENCY, Campaign, DB_PASSWORD, PATIENCE, Postgres, SmtpServer, assert_exit,
    assert_once_at_most, count_statuses, doubles, eventually, received_per_recipient, report_lines,
    run, spawn, text,
};

/// Where a scenario keeps its journal.
enum Store {
    Sqlite,
    Postgres { _server: Postgres, url: String },
}

impl Store {
    #[allow(clippy::unnecessary_wraps)] // one signature for both stores, in `backends!`
    fn sqlite() -> Option<Self> {
        Some(Store::Sqlite)
    }

    fn postgres() -> Option<Self> {
        let server = Postgres::start()?;
        // Long enough that a busy machine still renews it in time, short enough to wait
        // for after a kill.
        let url = server.database("3s");
        Some(Store::Postgres {
            _server: server,
            url,
        })
    }

    /// `command` with this journal.
    fn journal(&self, mut command: Command) -> Command {
        if let Store::Postgres { url, .. } = self {
            command
                .args(["--journal", url])
                .env("PGPASSWORD", DB_PASSWORD);
        }
        command
    }

    /// `missive ARGS` in the campaign, with this journal.
    fn missive(&self, campaign: &Campaign, args: &[&str]) -> Command {
        self.journal(campaign.missive(args))
    }

    fn send(&self, campaign: &Campaign, server: &SmtpServer, extra: &[&str]) -> Command {
        self.journal(campaign.send(server, extra))
    }

    fn report(&self, campaign: &Campaign) -> Vec<serde_json::Value> {
        report_lines(self.missive(campaign, &["report", "--format", "jsonl"]))
    }

    fn count(&self, campaign: &Campaign, status: &str) -> usize {
        count_statuses(&self.report(campaign))
            .get(status)
            .copied()
            .unwrap_or(0)
    }

    fn status(&self, campaign: &Campaign) -> String {
        let output = run(self.missive(campaign, &["status"]));
        assert!(output.status.success(), "{}", text(&output));
        text(&output)
    }
}

macro_rules! backends {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $scenario() {
                    if let Some(store) = super::Store::sqlite() {
                        super::$scenario(&store);
                    }
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $scenario() {
                    if let Some(store) = super::Store::postgres() {
                        super::$scenario(&store);
                    }
                }
            )*
        }
    };
}

backends!(
    a_campaign_is_sent_once_and_a_rerun_sends_nothing,
    killed_mid_run_then_resumed_nobody_receives_it_twice,
    a_changed_template_is_refused_then_sent_with_new_revision,
    refused_recipients_wait_for_retry_failed,
);

fn a_campaign_is_sent_once_and_a_rerun_sends_nothing(store: &Store) {
    let campaign = Campaign::new(30);
    let server = SmtpServer::builder().start();
    let first = run(store.send(&campaign, &server, &["--rate", "unlimited"]));
    assert_exit(&first, 0);
    let status = store.status(&campaign);
    assert!(status.contains("`30` recipients"), "{status}");
    assert!(status.contains("sent       30"), "{status}");
    let again = run(store.send(&campaign, &server, &["--rate", "unlimited"]));
    let output = text(&again);
    assert_eq!(again.status.code(), Some(0), "{output}");
    assert!(output.contains("nothing to send"), "{output}");
    assert!(output.contains("`30` already sent"), "{output}");

    campaign.rows(34);
    let grown = run(store.send(&campaign, &server, &["--rate", "unlimited"]));
    assert_exit(&grown, 0);
    let received = received_per_recipient(&server);
    assert_eq!(received.len(), 34);
    assert_eq!(doubles(&received), []);
    assert_eq!(store.count(&campaign, "sent"), 34);
}

fn killed_mid_run_then_resumed_nobody_receives_it_twice(store: &Store) {
    let rows = 300;
    let campaign = Campaign::new(rows);
    let server = SmtpServer::builder().start();
    let mut running = spawn(store.send(&campaign, &server, &["--rate", "150/s"]));
    assert!(server.wait_for(60, PATIENCE), "the run should be under way");
    running.kill().expect("kill -9");
    running.wait().expect("the killed process is reaped");
    if let Store::Postgres { .. } = store {
        // Nobody settles a shared journal's rows at once: the killed sender's lease (3 s
        // here) must run out first, and `status` then counts them uncertain.
        assert!(
            eventually(PATIENCE, || !store.status(&campaign).contains("sending")),
            "{}",
            store.status(&campaign)
        );
    }

    let resumed = run(store.send(&campaign, &server, &["--rate", "unlimited"]));
    let uncertain = store.count(&campaign, "uncertain");
    assert!(uncertain <= CONCURRENCY, "{uncertain} uncertain");
    assert_eq!(
        resumed.status.code(),
        Some(if uncertain == 0 { 0 } else { 3 }),
        "{}",
        text(&resumed)
    );
    assert_once_at_most(&server, rows, uncertain);

    let retried = run(store.send(
        &campaign,
        &server,
        &["--retry-uncertain", "--rate", "unlimited"],
    ));
    assert_exit(&retried, 0);
    let received = received_per_recipient(&server);
    assert_eq!(received.len(), rows, "everyone has it");
    assert!(doubles(&received).len() <= uncertain);
    assert_eq!(store.count(&campaign, "sent"), rows);
}

fn a_changed_template_is_refused_then_sent_with_new_revision(store: &Store) {
    let campaign = Campaign::new(20);
    let server = SmtpServer::builder().start();
    let first = run(store.send(&campaign, &server, &["--limit", "8", "--rate", "unlimited"]));
    // `--limit 8`: the 8 asked for were all accepted, so the run succeeded (12 remain).
    assert_eq!(first.status.code(), Some(0), "12 left: {}", text(&first));
    assert_eq!(server.messages().len(), 8);

    campaign.template("Bonjour {{ nom }},\n\nla rentrée numérique est reportée à mardi.\n");
    let refused = run(store.send(&campaign, &server, &["--rate", "unlimited"]));
    let output = text(&refused);
    assert_eq!(refused.status.code(), Some(1), "{output}");
    assert!(
        output.contains("`8` recipients already got an earlier version"),
        "{output}"
    );
    assert_eq!(server.messages().len(), 8, "nothing sent");

    let accepted = run(store.send(
        &campaign,
        &server,
        &["--new-revision", "--rate", "unlimited"],
    ));
    assert_exit(&accepted, 0);
    assert_eq!(server.messages().len(), 20);
    let rerun = run(store.send(&campaign, &server, &["--rate", "unlimited"]));
    assert_exit(&rerun, 0);
    assert_eq!(server.messages().len(), 20);
}

fn refused_recipients_wait_for_retry_failed(store: &Store) {
    let campaign = Campaign::new(6);
    let server = SmtpServer::builder()
        .script(|event| match event {
            crate::harness::Event::Rcpt { to, .. } if to.contains("0000003") => {
                Some((550, "5.1.1 mailbox unavailable".into()))
            }
            _ => None,
        })
        .start();
    let first = run(store.send(&campaign, &server, &["--rate", "unlimited"]));
    assert_exit(&first, 3);
    let report = store.report(&campaign);
    let refused: Vec<&serde_json::Value> = report
        .iter()
        .filter(|line| line["status"] == "failed")
        .collect();
    assert_eq!(refused.len(), 1, "{report:?}");
    assert_eq!(refused[0]["code"], 550);
    assert!(
        refused[0]["to"]
            .as_str()
            .is_some_and(|to| to.contains("0000003"))
    );

    let again = run(store.send(&campaign, &server, &["--rate", "unlimited"]));
    assert!(text(&again).contains("nothing to send"), "{}", text(&again));
    let retried = run(store.send(
        &campaign,
        &server,
        &["--retry-failed", "--rate", "unlimited"],
    ));
    assert_eq!(
        retried.status.code(),
        Some(3),
        "still refused: {}",
        text(&retried)
    );
    let report = store.report(&campaign);
    let attempts = report
        .iter()
        .find(|line| line["status"] == "failed")
        .map(|line| line["attempts"].clone());
    assert_eq!(attempts, Some(serde_json::json!(2)), "{report:?}");
}
