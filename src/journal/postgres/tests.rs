//! Outcomes per address in a shared journal, against a private `PostgreSQL` started by the
//! test (the integration tests' server, `tests/cli/harness/postgres.rs`): kept, in flight,
//! settled, claimed again by `--retry-failed` for a refused Cc, and a database of schema 1
//! brought up to date by a sender only. Without `PostgreSQL` the test says why it skipped
//! (under `CI=true` it fails).

use super::PgJournal;
use crate::journal::addresses::tests::with_cc;
use crate::journal::backend::{Answer, Backend, Change, Mark, SenderOptions};
use crate::journal::{AddressAnswer, Resend, State};
use crate::test_servers::postgres as server;

/// The journal URL of a fresh database, its password in it.
fn journal_url(server: &server::Postgres) -> String {
    let url = server.database("30s");
    format!("{url}&password=pg-mot-de-passe-Rentr%C3%A9e")
}

fn sender(url: &str, resend: Resend) -> PgJournal {
    let options = SenderOptions {
        campaign: "rentree",
        resend,
    };
    PgJournal::open_for_sending(url, &options).expect("a seat")
}

fn answer<'a>(key: &'a str, state: State, reply: &'a str, each: &'a [AddressAnswer]) -> Change<'a> {
    Change::Record(Answer {
        key,
        state,
        code: Some(if state == State::Sent { 250 } else { 550 }),
        reply,
        relay: None,
        addresses: each,
    })
}

fn address(address: &str, state: State, reply: &str) -> AddressAnswer {
    AddressAnswer {
        address: address.into(),
        state,
        code: None,
        reply: reply.into(),
    }
}

/// Each report line of the campaign: to, status.
fn lines(journal: &PgJournal) -> Vec<(String, &'static str)> {
    let entries = journal.entries().expect("entries");
    entries.into_iter().map(|e| (e.to, e.status)).collect()
}

#[test]
fn a_shared_journal_keeps_outcomes_per_address_and_retries_a_refused_cc_alone() {
    let Some(server) = server::Postgres::start() else {
        return;
    };
    let url = journal_url(&server);
    let message = with_cc(0, "adjoint.0@ecole.example");
    let (to, cc) = ("directeur.0@ecole.example", "adjoint.0@ecole.example");
    let key = message.key.as_str();
    let mut journal = sender(&url, Resend::default());
    let mut list = journal.register().expect("register");
    list.message(0, &message).expect("listed");
    list.finish().expect("recorded");
    let mut claimer = journal.claimer().expect("claims").expect("a claimer");
    assert_eq!(claimer.claim(&[key]).expect("claimed"), [true]);
    let mark = |addresses| {
        Change::Mark(Mark {
            key,
            row: "liste.csv:2",
            to: "Directeur 0",
            message_id: "<0.missive@example>",
            addresses,
        })
    };
    journal.apply(&[mark(&[])], "r1").expect("marked");
    let greylisted = [
        address(to, State::Sent, "ok"),
        address(cc, State::Deferred, "try later"),
    ];
    let first = answer(key, State::Deferred, "try later", &greylisted);
    journal.apply(&[first], "r1").expect("recorded");
    assert_eq!(journal.states().expect("states")[key], State::Deferred);
    let counts = journal.counts().expect("counts");
    // The deferred address's own reply (and code: none here), not the To's.
    assert_eq!(counts.deferred_reply.as_deref(), Some("try later"));

    // The Cc alone again: in flight, then refused for good.
    let cc_only = [cc.to_string()];
    journal.apply(&[mark(&cc_only)], "r1").expect("marked");
    let states = journal.address_states().expect("address states");
    assert_eq!(
        states[key],
        [
            (to.to_string(), State::Sent),
            (cc.to_string(), State::Sending)
        ]
    );
    let refused = [address(cc, State::Failed, "5.1.1 unknown")];
    journal
        .apply(
            &[answer(key, State::Failed, "5.1.1 unknown", &refused)],
            "r1",
        )
        .expect("recorded");
    assert_eq!(
        journal.states().expect("states")[key],
        State::Sent,
        "sent to its To"
    );
    assert_eq!(
        lines(&journal),
        [(to.to_string(), "sent"), (cc.to_string(), "failed")]
    );
    let counts = journal.counts().expect("counts");
    assert_eq!(counts.refused, 1);
    assert_eq!(counts.refused_addresses[0].address, cc);
    assert_eq!(journal.settle_unanswered("unanswered").expect("ends"), 0);
    drop(journal);

    // A later run does not claim it, unless asked to retry what was refused.
    let mut plain = sender(&url, Resend::default());
    let mut claimer = plain.claimer().expect("claims").expect("a claimer");
    assert_eq!(claimer.claim(&[key]).expect("asked"), [false]);
    drop((claimer, plain));
    let retry = Resend {
        failed: true,
        uncertain: false,
    };
    let mut retrying = sender(&url, retry);
    let mut claimer = retrying.claimer().expect("claims").expect("a claimer");
    assert_eq!(claimer.claim(&[key]).expect("asked"), [true]);

    // The run gives up waiting with the Cc in flight: the message and that address are
    // uncertain, the To still sent.
    retrying.apply(&[mark(&cc_only)], "r1").expect("marked");
    assert_eq!(retrying.settle_unanswered("no reply").expect("ends"), 1);
    let states = retrying.address_states().expect("address states");
    assert_eq!(
        states[key],
        [
            (to.to_string(), State::Sent),
            (cc.to_string(), State::Uncertain)
        ]
    );
    assert_eq!(retrying.states().expect("states")[key], State::Uncertain);
}

#[test]
fn a_database_of_schema_1_is_brought_up_to_date_by_a_sender_only() {
    let Some(server) = server::Postgres::start() else {
        return;
    };
    let url = journal_url(&server);
    drop(sender(&url, Resend::default()));
    let database = url
        .rsplit('/')
        .next()
        .and_then(|rest| rest.split('?').next())
        .expect("a database");
    let mut client = server.client(database);
    client
        .batch_execute(
            "DROP TABLE missive_addresses; DELETE FROM missive_schema;
             INSERT INTO missive_schema (version) VALUES (1);",
        )
        .expect("as schema 1 left it");
    let version = |client: &mut postgres::Client| -> i32 {
        client
            .query_one("SELECT max(version) FROM missive_schema", &[])
            .expect("a version")
            .get(0)
    };
    let reader = PgJournal::open(&url, Some("rentree")).expect("read");
    assert!(reader.entries().expect("entries").is_empty());
    assert!(reader.address_states().expect("none").is_empty());
    drop(reader);
    assert_eq!(version(&mut client), 1, "reading leaves it as it is");
    drop(sender(&url, Resend::default()));
    assert_eq!(version(&mut client), super::SCHEMA_VERSION);
}

/// A copy in the shared journal goes from `appending` to `done`, per campaign and kind, and
/// the accepted messages come with their time; a reader of an older database sees none.
#[test]
fn copies_in_the_mailbox_are_kept_per_campaign_and_kind() {
    use crate::journal::{CopyKind, CopyMark, CopyState};
    let Some(server) = server::Postgres::start() else {
        return;
    };
    let url = journal_url(&server);
    let message = with_cc(0, "adjoint.0@ecole.example");
    let key = message.key.as_str();
    let mut journal = sender(&url, Resend::default());
    let mut list = journal.register().expect("register");
    list.message(0, &message).expect("listed");
    list.finish().expect("recorded");
    let mut claimer = journal.claimer().expect("claims").expect("a claimer");
    assert_eq!(claimer.claim(&[key]).expect("claimed"), [true]);
    journal
        .apply(
            &[Change::Mark(Mark {
                key,
                row: "liste.csv:2",
                to: "Directeur 0",
                message_id: "<0.missive@example>",
                addresses: &[],
            })],
            "r1",
        )
        .expect("marked");
    journal
        .apply(&[answer(key, State::Sent, "250 ok", &[])], "r1")
        .expect("recorded");
    let accepted = journal.accepted().expect("accepted");
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].key, key);
    assert!(accepted[0].at > 1_600_000_000, "{accepted:?}");

    let mark = |state, uid| CopyMark {
        key,
        kind: CopyKind::Sent,
        state,
        folder: "Éléments envoyés",
        uid,
        stands: 1,
    };
    journal
        .mark_copy(mark(CopyState::Appending, None))
        .expect("mark");
    assert_eq!(
        journal.copies(CopyKind::Sent).expect("copies")[key].state,
        CopyState::Appending
    );
    journal
        .mark_copy(mark(CopyState::Done, Some(4)))
        .expect("mark");
    let copies = journal.copies(CopyKind::Sent).expect("copies");
    assert_eq!(copies[key].state, CopyState::Done);
    assert_eq!(copies[key].folder, "Éléments envoyés");
    assert!(journal.copies(CopyKind::Draft).expect("drafts").is_empty());
    // Another campaign of the same database has none.
    let other = PgJournal::open_for_sending(
        &url,
        &SenderOptions {
            campaign: "autre",
            resend: Resend::default(),
        },
    )
    .expect("a seat");
    assert!(other.copies(CopyKind::Sent).expect("copies").is_empty());
}
