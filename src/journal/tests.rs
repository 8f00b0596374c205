//! The journal's transitions, its recovery after a crash, its revision check and its lock.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use lettre::address::Envelope;

use super::entry::rfc3339;
use super::*;
use crate::deliver::{Delivered, Ledger, Outcome, Reply, Verdict};
use crate::recipients::RowRef;

pub(super) fn message(n: u64) -> Outgoing {
    let address: lettre::Address = format!("directeur.{n}@ecole.example")
        .parse()
        .expect("a valid address");
    Outgoing {
        at: RowRef {
            file: Arc::from(Path::new("liste.csv")),
            line: n + 1,
        },
        key: address.to_string(),
        envelope: Envelope::new(Some(address.clone()), vec![address.clone()])
            .expect("a valid envelope"),
        message_id: format!("<{n}.missive@example>"),
        to: format!("Directeur {n} <{address}>"),
        subject: "Rentrée".into(),
        attachments: Vec::new(),
        bytes: b"Subject: Rentree\r\n\r\nBonjour\r\n".to_vec().into(),
        international: Vec::new(),
        utf8_headers: false,
        wants_dsn: false,
        suppressed: Vec::new(),
        previous: None,
    }
}

pub(super) fn delivered(message: &Outgoing, outcome: Outcome) -> Delivered {
    Delivered {
        message: Arc::new(message.clone()),
        outcome,
        attempts: 1,
        addresses: Vec::new(),
        relay: Some(Arc::from("smtp://127.0.0.1:2525")),
    }
}

pub(super) fn reply(code: u16, text: &str) -> Reply {
    Reply {
        code: Some(code),
        text: text.into(),
    }
}

pub(super) fn journal_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join(DEFAULT_PATH)
}

/// Opens the journal as `send` does and records `messages` as the list.
pub(super) fn open_with(
    path: &Path,
    revision: &str,
    resend: Resend,
    messages: &[Outgoing],
) -> SendJournal {
    let mut journal =
        SendJournal::open(path, revision.into(), false, resend).expect("journal opens");
    let mut plan = journal.plan().expect("plan");
    for (position, message) in messages.iter().enumerate() {
        plan.take(position, Listed::Message(message))
            .expect("recorded");
    }
    plan.finish().expect("list recorded");
    journal
}

/// A journal of `messages` in which `messages[sent]` was sent.
fn journal_with_one_sent(path: &Path, messages: &[Outgoing], sent: usize) {
    let sending = open_with(path, "r1", Resend::default(), messages)
        .start()
        .expect("writer starts");
    let outbox = sending.writer.outbox();
    assert_eq!(
        runtime().block_on(outbox.admit(&messages[sent])),
        Verdict::Send
    );
    outbox.record(&delivered(&messages[sent], Outcome::Sent(reply(250, "ok"))));
    drop(sending.finish().expect("writer ends"));
}

pub(super) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
}

pub(super) fn state_of(path: &Path, key: &str) -> (State, u32, Option<u16>, String) {
    let journal = Journal::open_existing(path).expect("journal exists");
    journal
        .connection
        .query_row(
            "SELECT state, attempts, code, COALESCE(reply, '') FROM recipients WHERE key = ?1",
            [key],
            |row| {
                let word: String = row.get(0)?;
                Ok((
                    State::parse(&word).expect("a known state"),
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                ))
            },
        )
        .expect("the row exists")
}

#[test]
fn a_message_goes_pending_sending_then_each_outcome() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    let messages: Vec<Outgoing> = (0..4).map(message).collect();
    let journal = open_with(&path, "r1", Resend::default(), &messages);
    assert_eq!(state_of(&path, &messages[0].key).0, State::Pending);
    let sending = journal.start().expect("writer starts");
    let outbox = sending.writer.outbox();
    let runtime = runtime();
    for message in &messages {
        assert_eq!(
            runtime.block_on(outbox.admit(message)),
            Verdict::Send,
            "admitted"
        );
    }
    // The mark is on the disk before `admit` returns: another connection sees it.
    assert_eq!(state_of(&path, &messages[0].key).0, State::Sending);
    let outcomes = [
        Outcome::Sent(reply(250, "2.0.0 Ok: queued as 4F2A")),
        Outcome::Failed(reply(550, "5.1.1 no such user")),
        Outcome::Deferred(reply(451, "4.7.1 try later")),
        Outcome::Uncertain(Reply {
            code: None,
            text: "connection lost after the message".into(),
        }),
    ];
    for (message, outcome) in messages.iter().zip(outcomes) {
        outbox.record(&delivered(message, outcome));
    }
    let (_, stats, unanswered) = sending.finish().expect("writer ends");
    assert_eq!(unanswered, 0);
    assert_eq!(stats.marks, 4);
    assert_eq!(
        state_of(&path, &messages[0].key),
        (State::Sent, 1, Some(250), "2.0.0 Ok: queued as 4F2A".into())
    );
    assert_eq!(state_of(&path, &messages[1].key).0, State::Failed);
    assert_eq!(state_of(&path, &messages[2].key).0, State::Deferred);
    assert_eq!(state_of(&path, &messages[3].key).0, State::Uncertain);
}

#[test]
fn a_crash_between_sending_and_sent_leaves_it_uncertain_and_not_resent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    let messages: Vec<Outgoing> = (0..3).map(message).collect();
    let journal = open_with(&path, "r1", Resend::default(), &messages);
    let sending = journal.start().expect("writer starts");
    let outbox = sending.writer.outbox();
    let runtime = runtime();
    assert_eq!(runtime.block_on(outbox.admit(&messages[0])), Verdict::Send);
    outbox.record(&delivered(&messages[0], Outcome::Sent(reply(250, "ok"))));
    assert_eq!(runtime.block_on(outbox.admit(&messages[1])), Verdict::Send);
    // The process dies here: the writer stops without settling anything, the lock goes.
    sending.crash().expect("writer ends");
    assert_eq!(state_of(&path, &messages[1].key).0, State::Sending);

    let reopened = open_with(&path, "r1", Resend::default(), &messages);
    assert_eq!(reopened.abandoned, 1);
    let (state, attempts, code, reply) = state_of(&path, &messages[1].key);
    assert_eq!((state, attempts, code), (State::Uncertain, 1, None));
    assert!(reply.contains("may have been delivered"), "{reply}");
    let selection = reopened.selection();
    let sent = |n: usize| !matches!(selection.take(&messages[n]), Take::Leave);
    assert!(!sent(0), "sent: skipped");
    assert!(!sent(1), "uncertain: not resent");
    assert!(sent(2), "pending: sent");
    drop(reopened);

    let retrying = open_with(
        &path,
        "r1",
        Resend {
            uncertain: true,
            failed: false,
        },
        &messages,
    );
    assert!(matches!(
        retrying.selection().take(&messages[1]),
        Take::Whole
    ));
}

#[test]
fn which_states_a_run_sends() {
    let plain = Resend::default();
    assert!(plain.wants(None));
    assert!(plain.wants(Some(State::Pending)));
    assert!(plain.wants(Some(State::Deferred)));
    assert!(!plain.wants(Some(State::Sent)));
    assert!(!plain.wants(Some(State::Failed)));
    assert!(!plain.wants(Some(State::Uncertain)));
    let failed = Resend {
        failed: true,
        uncertain: false,
    };
    assert!(failed.wants(Some(State::Failed)));
    assert!(!failed.wants(Some(State::Uncertain)));
    assert!(!failed.wants(Some(State::Sent)));
    for state in State::ALL {
        assert_eq!(State::parse(state.as_str()), Some(state));
    }
}

#[test]
fn an_interrupted_outbox_admits_nothing_and_leaves_it_pending() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    let messages = [message(0)];
    let sending = open_with(&path, "r1", Resend::default(), &messages)
        .start()
        .expect("writer starts");
    let outbox = sending.writer.outbox();
    outbox.interrupt();
    assert_eq!(
        runtime().block_on(outbox.admit(&messages[0])),
        Verdict::Stop
    );
    sending.finish().expect("writer ends");
    assert_eq!(state_of(&path, &messages[0].key).0, State::Pending);
}

#[test]
fn a_changed_campaign_is_refused_until_accepted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    let messages: Vec<Outgoing> = (0..3).map(message).collect();
    journal_with_one_sent(&path, &messages, 0);

    let refused = SendJournal::open(&path, "r2".into(), false, Resend::default());
    match refused {
        Err(
            error @ JournalError::EarlierRevision {
                sent: 1,
                uncertain: 0,
            },
        ) => {
            let text = error.to_string();
            assert!(
                text.starts_with(
                    "`1` recipient already got an earlier version of this campaign, and"
                ),
                "{text}"
            );
            assert!(text.contains("--new-revision"), "{text}");
            let french = crate::i18n::in_lang(crate::i18n::Lang::Fr, || error.to_string());
            assert!(
                french.starts_with(
                    "1 destinataire a déjà reçu une version antérieure de cette campagne, et le modèle"
                ),
                "{french}"
            );
            assert!(french.contains("`missive send --new-revision`"), "{french}");
        }
        other => panic!("expected a refusal, got {:?}", other.err()),
    }
    let accepted = SendJournal::open(&path, "r2".into(), true, Resend::default())
        .expect("accepted with --new-revision");
    drop(accepted.start().expect("writer starts").finish());
    // Once accepted, resuming the new revision needs no flag.
    assert!(SendJournal::open(&path, "r2".into(), false, Resend::default()).is_ok());
}

#[test]
fn a_second_sender_is_refused_and_a_released_lock_is_free() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    let first = SenderLock::acquire(&path).expect("first sender");
    match SenderLock::acquire(&path) {
        Err(error @ JournalError::Busy { holder, .. }) => {
            assert_eq!(holder, Some(std::process::id()));
            assert!(
                error.to_string().contains("another `missive send`"),
                "{error}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    drop(first);
    SenderLock::acquire(&path).expect("free again");
}

#[test]
fn the_list_is_recorded_with_skipped_rows_and_forgets_untried_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    let messages: Vec<Outgoing> = (0..3).map(message).collect();
    journal_with_one_sent(&path, &messages, 2);

    // The list changes: row 1 is gone (never tried: forgotten), row 2 too (sent: kept),
    // a new row arrives, and a row is invalid.
    let mut journal =
        SendJournal::open(&path, "r1".into(), false, Resend::default()).expect("journal opens");
    let mut plan = journal.plan().expect("plan");
    plan.take(0, Listed::Message(&messages[0]))
        .expect("recorded");
    let skipped = Listed::Skipped {
        row: Some(&messages[1].at),
        reason: "the same recipients as line 1",
        duplicate: true,
        suppressed: false,
    };
    assert!(matches!(
        plan.take(1, skipped).expect("recorded"),
        Take::Whole
    ));
    plan.take(2, Listed::Message(&message(7)))
        .expect("recorded");
    plan.finish().expect("list recorded");
    let counts = journal.counts().expect("counts");
    assert_eq!(counts.listed(State::Pending), 2);
    assert_eq!(counts.unlisted.get(&State::Sent), Some(&1));
    assert_eq!((counts.skipped, counts.duplicates), (0, 1));
    assert_eq!(counts.rows(), 3);
    assert!(!counts.all_sent());

    let entries = Journal::open_existing(&path)
        .expect("journal")
        .entries()
        .expect("entries");
    let statuses: Vec<(&str, &str)> = entries.iter().map(|e| (e.row.as_str(), e.status)).collect();
    assert_eq!(
        statuses,
        [
            ("liste.csv:1", "pending"),
            ("liste.csv:2", "skipped"),
            ("liste.csv:8", "pending"),
            ("liste.csv:3", "sent"),
        ]
    );
    assert!(entries[0].time.is_empty(), "never tried: no time");
    assert!(entries[3].time.ends_with('Z'));
}

#[test]
fn a_journal_from_a_newer_missive_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    drop(Journal::open(&path).expect("created"));
    let connection = rusqlite::Connection::open(&path).expect("opened");
    connection
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .expect("bumped");
    drop(connection);
    assert!(matches!(
        Journal::open(&path),
        Err(JournalError::Newer { .. })
    ));
}

#[test]
fn times_are_rfc3339_in_utc() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
}

/// A thousand messages one worker at a time (the worst case: nothing to batch) are all
/// marked and recorded; the price per message is printed (`--nocapture`), never asserted.
#[test]
fn a_thousand_marks_one_at_a_time_are_all_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    let messages: Vec<Outgoing> = (0..1000).map(message).collect();
    let sending = open_with(&path, "r1", Resend::default(), &messages)
        .start()
        .expect("writer starts");
    let outbox = sending.writer.outbox();
    let runtime = runtime();
    let started = Instant::now();
    for message in &messages {
        assert_eq!(runtime.block_on(outbox.admit(message)), Verdict::Send);
        outbox.record(&delivered(message, Outcome::Sent(reply(250, "ok"))));
    }
    let elapsed = started.elapsed();
    let (_, stats, _) = sending.finish().expect("writer ends");
    println!(
        "{} messages: {:?} per message wall-clock, {:?} of writing per message, {} commits",
        messages.len(),
        elapsed / 1000,
        stats.per_message(),
        stats.commits
    );
    let kept = Journal::open(&path)
        .expect("reopens")
        .states()
        .expect("states");
    assert_eq!(kept.len(), messages.len());
    assert!(kept.values().all(|state| *state == State::Sent), "{kept:?}");
}

#[test]
fn the_relay_of_each_outcome_is_recorded_and_reported_without_credentials() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    let messages: Vec<Outgoing> = (0..2).map(message).collect();
    let sending = open_with(&path, "r1", Resend::default(), &messages)
        .start()
        .expect("writer starts");
    let outbox = sending.writer.outbox();
    let runtime = runtime();
    for (message, relay) in messages
        .iter()
        .zip(["smtps://a.example:465", "smtp://b.example:587?tls=required"])
    {
        assert_eq!(runtime.block_on(outbox.admit(message)), Verdict::Send);
        outbox.record(&Delivered {
            addresses: Vec::new(),
            relay: Some(Arc::from(relay)),
            ..delivered(message, Outcome::Sent(reply(250, "ok")))
        });
    }
    drop(sending.finish().expect("writer ends"));
    let entries = Journal::open_existing(&path)
        .expect("journal exists")
        .entries()
        .expect("entries");
    let relays: Vec<&str> = entries.iter().map(|e| e.relay.as_str()).collect();
    assert_eq!(
        relays,
        ["smtps://a.example:465", "smtp://b.example:587?tls=required"]
    );
    let per_relay = Journal::open_existing(&path)
        .expect("journal exists")
        .relay_counts()
        .expect("counts");
    assert_eq!(per_relay.len(), 2);
    assert_eq!(
        per_relay["smtps://a.example:465"].get(&State::Sent),
        Some(&1)
    );
}

/// A journal of the schema written before relays were recorded (schema 1), one message
/// sent in it.
pub(super) fn old_journal(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("old.sqlite");
    let old = rusqlite::Connection::open(&path).expect("old journal");
    old.execute_batch(include_str!(
        "../../tests/fixtures/journal/schema-before-relay.sql"
    ))
    .expect("old schema");
    old.execute(
        "INSERT INTO recipients VALUES ('a@ecole.example', 0, 'liste.csv:2', 'A <a@ecole.example>',
             '<1.missive@example>', 'sent', 1, 250, 'ok', 'r1', 0, 0)",
        [],
    )
    .expect("one row sent");
    path
}

#[test]
fn a_journal_without_the_relay_column_gets_it_and_keeps_its_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = old_journal(&dir);
    let journal = Journal::open(&path).expect("an old journal opens");
    let entries = journal.entries().expect("entries");
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].status, entries[0].relay.as_str()), ("sent", ""));
    drop(journal);
    // Opening it again finds the column there and leaves it be.
    Journal::open(&path).expect("opens again");
    Journal::open_existing(&path).expect("opens for reading");
}
