//! Outcomes per address, fed to the journal as the delivery stage reports them: a refused
//! Cc, a greylisted one retried alone, a run killed with an address in flight, an older
//! journal brought up to date.

use std::path::Path;
use std::sync::Arc;

use lettre::address::Envelope;

use super::AddressAnswer;
use crate::compose::Outgoing;
use crate::deliver::{AddressOutcome, Delivered, Ledger, Outcome, Verdict};
use crate::journal::tests::{
    delivered, journal_path, message, old_journal, open_with, reply, runtime, state_of,
};
use crate::journal::{Journal, Listed, Resend, SCHEMA_VERSION, SendJournal, Sending, State, Take};
use crate::recipients::address::normalise;

/// The `n`th head's message, to `to` and copied to `cc`.
pub(in crate::journal) fn with_cc(n: u64, cc: &str) -> Outgoing {
    let mut message = message(n);
    let to = message.envelope.to()[0].clone();
    let cc: lettre::Address = cc.parse().expect("a valid address");
    let mut keys = [normalise(&to), normalise(&cc)];
    keys.sort();
    message.key = keys.join(",");
    message.envelope =
        Envelope::new(message.envelope.from().cloned(), vec![to, cc]).expect("an envelope");
    message
}

fn each(message: &Outgoing, outcomes: [Outcome; 2]) -> Vec<AddressOutcome> {
    message
        .envelope
        .to()
        .iter()
        .zip(outcomes)
        .map(|(address, outcome)| AddressOutcome {
            address: address.to_string(),
            outcome,
        })
        .collect()
}

/// What the journal holds of each address of `key`: address, state, code, reply, attempts.
fn addresses_of(path: &Path, key: &str) -> Vec<(String, State, Option<u16>, String, u32)> {
    Journal::open_existing(path)
        .expect("journal")
        .entries()
        .expect("entries")
        .into_iter()
        .filter(|entry| entry.key.as_deref() == Some(key))
        .map(|entry| {
            let state = State::parse(entry.status).expect("a state");
            (entry.to, state, entry.code, entry.reply, entry.attempts)
        })
        .collect()
}

fn rows_in_addresses(path: &Path) -> i64 {
    Journal::open_existing(path)
        .expect("journal")
        .connection
        .query_row("SELECT COUNT(*) FROM addresses", [], |row| row.get(0))
        .expect("a count")
}

#[test]
fn a_refused_cc_fails_alone_and_the_message_counts_as_sent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    let messages = [with_cc(0, "Adjoint.0@Ecole.example"), message(1)];
    let sending = open_with(&path, "r1", Resend::default(), &messages)
        .start()
        .expect("writer starts");
    let outbox = sending.writer.outbox();
    let runtime = runtime();
    for message in &messages {
        assert_eq!(runtime.block_on(outbox.admit(message)), Verdict::Send);
    }
    let refused = Outcome::Failed(reply(550, "5.1.1 unknown"));
    outbox.record(&Delivered {
        addresses: each(
            &messages[0],
            [Outcome::Sent(reply(250, "ok")), refused.clone()],
        ),
        ..delivered(&messages[0], Outcome::Sent(reply(250, "ok")))
    });
    outbox.record(&delivered(&messages[1], Outcome::Sent(reply(250, "ok"))));
    drop(sending.finish().expect("writer ends"));

    assert_eq!(state_of(&path, &messages[0].key).0, State::Sent);
    assert_eq!(
        addresses_of(&path, &messages[0].key),
        [
            (
                "directeur.0@ecole.example".into(),
                State::Sent,
                Some(250),
                "ok".into(),
                1
            ),
            (
                "adjoint.0@ecole.example".into(),
                State::Failed,
                Some(550),
                "5.1.1 unknown".into(),
                1
            ),
        ]
    );
    assert_eq!(
        rows_in_addresses(&path),
        2,
        "a plain message keeps no address rows"
    );
    let states = Journal::open_existing(&path)
        .expect("journal")
        .address_states()
        .expect("states");
    assert_eq!(states.len(), 1);
    let counts = Journal::open_existing(&path)
        .expect("journal")
        .counts()
        .expect("counts");
    assert_eq!(counts.listed(State::Sent), 2);
    assert_eq!(counts.refused, 1);
    assert_eq!(
        counts.refused_addresses[0].to_string(),
        "`adjoint.0@ecole.example` (liste.csv:1: 550 5.1.1 unknown)"
    );
    assert!(!counts.all_sent(), "the Cc did not get it");
}

/// A greylisted Cc is retried alone (the delivery stage's retry within the run): its mark
/// puts it in flight, its outcome settles it, the To that got the message is left alone.
/// A journal whose one message, to a head and copied to `adjoint.0@…`, reached the head and
/// was greylisted for the Cc, which is now being sent again alone (the delivery stage's
/// retry within the run). Returns the run, the message, and the message to the Cc alone.
fn greylisted_cc_in_flight(path: &Path) -> (Sending, Outgoing, Outgoing) {
    let message = with_cc(0, "adjoint.0@ecole.example");
    let sending = open_with(
        path,
        "r1",
        Resend::default(),
        std::slice::from_ref(&message),
    )
    .start()
    .expect("writer starts");
    let outbox = sending.writer.outbox();
    let runtime = runtime();
    assert_eq!(runtime.block_on(outbox.admit(&message)), Verdict::Send);
    let greylisted = Outcome::Deferred(reply(451, "4.7.1 greylisted, try again in 5 minutes"));
    outbox.record(&Delivered {
        addresses: each(
            &message,
            [Outcome::Sent(reply(250, "ok")), greylisted.clone()],
        ),
        ..delivered(&message, greylisted)
    });
    let cc_only = message
        .only_to(|address| address.to_string().starts_with("adjoint"))
        .expect("the Cc");
    assert_eq!(runtime.block_on(outbox.admit(&cc_only)), Verdict::Send);
    (sending, message, cc_only)
}

/// A greylisted Cc is retried alone: its mark puts it in flight, its outcome settles it,
/// the To that got the message is left alone.
#[test]
fn a_deferred_cc_retried_alone_is_in_flight_then_settles_the_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    let (sending, message, cc_only) = greylisted_cc_in_flight(&path);
    let message = &message;
    let outbox = sending.writer.outbox();
    // The mark is committed before `admit` returns: the Cc alone is in flight.
    let in_flight = addresses_of(&path, &message.key);
    assert_eq!(in_flight[0].1, State::Sent);
    assert_eq!(
        in_flight[1].1,
        State::Uncertain,
        "sending reads as uncertain"
    );
    assert_eq!(state_of(&path, &message.key).0, State::Sending);

    outbox.record(&delivered(&cc_only, Outcome::Sent(reply(250, "queued"))));
    drop(sending.finish().expect("writer ends"));
    let (state, attempts, code, text) = state_of(&path, &message.key);
    assert_eq!((state, attempts), (State::Sent, 2));
    assert_eq!(code, Some(250), "{text}");
    let settled = addresses_of(&path, &message.key);
    assert_eq!(
        settled
            .iter()
            .map(|(a, s, _, r, n)| (a.as_str(), *s, r.as_str(), *n))
            .collect::<Vec<_>>(),
        [
            ("directeur.0@ecole.example", State::Sent, "ok", 1),
            ("adjoint.0@ecole.example", State::Sent, "queued", 2),
        ]
    );
}

/// A run killed while the Cc was being retried alone: the next run finds the message and
/// that address uncertain, and the To that got it still sent.
#[test]
fn a_run_killed_with_an_address_in_flight_leaves_that_address_uncertain() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    let (sending, message, _) = greylisted_cc_in_flight(&path);
    let messages = [message];
    let message = &messages[0];
    sending.crash().expect("writer ends");

    let reopened = open_with(&path, "r1", Resend::default(), &messages);
    assert_eq!(reopened.abandoned, 1);
    drop(reopened);
    assert_eq!(state_of(&path, &message.key).0, State::Uncertain);
    let states: Vec<State> = addresses_of(&path, &message.key)
        .into_iter()
        .map(|(_, state, ..)| state)
        .collect();
    assert_eq!(states, [State::Sent, State::Uncertain]);
}

#[test]
fn the_state_of_a_message_is_its_addresses_taken_together() {
    let answer = |state| AddressAnswer {
        address: format!("{state}@ecole.example"),
        state,
        code: None,
        reply: String::new(),
    };
    let cases = [
        (
            vec![State::Sent, State::Deferred, State::Failed],
            State::Deferred,
        ),
        (
            vec![State::Sent, State::Uncertain, State::Failed],
            State::Uncertain,
        ),
        (vec![State::Failed, State::Sent], State::Sent),
        (vec![State::Failed, State::Failed], State::Failed),
    ];
    for (states, expected) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = journal_path(&dir);
        let messages = [message(0)];
        drop(open_with(&path, "r1", Resend::default(), &messages));
        let mut journal = Journal::open(&path).expect("journal");
        let answers: Vec<AddressAnswer> = states.iter().copied().map(answer).collect();
        let transaction = journal.connection.transaction().expect("a transaction");
        super::write(&transaction, &messages[0].key, &answers, 0, true).expect("written");
        transaction.commit().expect("committed");
        assert_eq!(state_of(&path, &messages[0].key).0, expected, "{states:?}");
    }
}

/// A journal of schema 1 (before outcomes per address) is brought up to date by the first
/// `send` that opens it, its rows kept; read before that, it shows no address.
#[test]
fn an_older_journal_gets_the_table_of_addresses_when_send_opens_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = old_journal(&dir);
    let read = Journal::open_existing(&path).expect("read as it is");
    assert!(read.address_states().expect("none").is_empty());
    assert_eq!(read.entries().expect("entries").len(), 1);
    drop(read);

    let journal = Journal::open(&path).expect("brought up to date");
    let version: i64 = journal
        .connection
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .expect("its version");
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(journal.entries().expect("entries")[0].status, "sent");
    drop(journal);
    assert_eq!(rows_in_addresses(&path), 0);
    Journal::open(&path).expect("opens again as it is");
}

/// Whatever the delivery stage writes as the address, the journal keeps it as the key does
/// (lower case), so that a later attempt finds it.
#[test]
fn an_address_is_kept_as_the_key_writes_it() {
    let copied = with_cc(0, "Adjoint.0@Ecole.example");
    let known = super::PerAddress::default();
    let mixed = Delivered {
        message: Arc::new(copied.clone()),
        addresses: each(
            &copied,
            [
                Outcome::Sent(reply(250, "ok")),
                Outcome::Failed(reply(550, "no")),
            ],
        ),
        ..delivered(&copied, Outcome::Sent(reply(250, "ok")))
    };
    let answers = known.answers(&mixed);
    assert_eq!(answers[1].address, "adjoint.0@ecole.example");
    assert!(copied.key.contains(&answers[1].address));
    // From now on, the message's attempts and outcomes are told per address.
    assert_eq!(known.in_flight(&copied).len(), 2);
    let uniform = delivered(&copied, Outcome::Sent(reply(250, "ok")));
    assert_eq!(known.answers(&uniform).len(), 2);
    let plain = message(1);
    assert!(known.in_flight(&plain).is_empty());
}

/// The next run sends a message whose addresses ended differently to those still to send
/// only: a greylisted Cc alone; none when the Cc was refused, unless `--retry-failed`.
#[test]
fn a_later_run_sends_to_the_addresses_still_to_send_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    let (sending, message, _) = greylisted_cc_in_flight(&path);
    // The Cc greylisted again: the run ends with it deferred.
    let outbox = sending.writer.outbox();
    let cc_only = message
        .only_to(|address| address.to_string().starts_with("adjoint"))
        .expect("the Cc");
    outbox.record(&delivered(
        &cc_only,
        Outcome::Deferred(reply(451, "4.7.1 greylisted")),
    ));
    drop(sending.finish().expect("writer ends"));
    let messages = [message];
    let to_of = |take: Take| match take {
        Take::OnlyTo(restricted) => restricted
            .envelope
            .to()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        other => panic!("expected some addresses only, got {other:?}"),
    };

    let mut next =
        SendJournal::open(&path, "r1".into(), false, Resend::default()).expect("journal opens");
    let mut plan = next.plan().expect("plan");
    let take = plan.take(0, Listed::Message(&messages[0])).expect("taken");
    assert_eq!(to_of(take), ["adjoint.0@ecole.example"]);
    drop(plan);
    let sending = next.start().expect("writer starts");
    let outbox = sending.writer.outbox();
    assert_eq!(runtime().block_on(outbox.admit(&cc_only)), Verdict::Send);
    outbox.record(&delivered(
        &cc_only,
        Outcome::Failed(reply(550, "5.1.1 unknown")),
    ));
    drop(sending.finish().expect("writer ends"));
    assert_eq!(state_of(&path, &messages[0].key).0, State::Sent);

    let without_flags =
        SendJournal::open(&path, "r1".into(), false, Resend::default()).expect("journal opens");
    assert!(matches!(
        without_flags.selection().take(&messages[0]),
        Take::Leave
    ));
    assert!(
        without_flags
            .selection()
            .to_send(messages[0].clone())
            .is_none()
    );
    drop(without_flags);
    let retry = Resend {
        failed: true,
        uncertain: false,
    };
    let retrying = SendJournal::open(&path, "r1".into(), false, retry).expect("journal opens");
    assert_eq!(
        to_of(retrying.selection().take(&messages[0])),
        ["adjoint.0@ecole.example"],
        "the refused Cc alone, never the head again"
    );
}
