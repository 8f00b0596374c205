//! Claims, the mark log and the boot: what a killed run and a power cut leave behind, and
//! what the next run makes of it.

use std::path::Path;

use super::super::backend::{Answer, Change, Mark};
use super::super::mark_log;
use super::super::tests::{journal_path, message};
use super::super::{Journal, State};
use crate::compose::Outgoing;

/// A journal holding `count` messages of the list, as a run's first pass leaves it.
fn registered(path: &Path, count: u64) -> (Journal, Vec<Outgoing>) {
    let messages: Vec<Outgoing> = (0..count).map(message).collect();
    let mut journal = Journal::open(path).expect("journal opens");
    let mut registration = journal.register().expect("register");
    for (position, message) in messages.iter().enumerate() {
        registration.message(position, message).expect("recorded");
    }
    registration.finish().expect("list recorded");
    (journal, messages)
}

/// [`registered`], then the start of a run on the boot `boot-1`.
fn started_on_boot_1(path: &Path, count: u64) -> (Journal, Vec<Outgoing>) {
    let (mut journal, messages) = registered(path, count);
    journal
        .settle_abandoned_on("abandoned", Some("boot-1"))
        .expect("the run starts");
    (journal, messages)
}

fn mark(message: &Outgoing) -> Change<'_> {
    Change::Mark(Mark {
        key: &message.key,
        row: "liste.csv:2",
        to: &message.to,
        message_id: &message.message_id,
        addresses: &[],
    })
}

#[test]
fn a_claim_is_synced_and_spares_its_marks_a_sync_of_their_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut journal, messages) = registered(&journal_path(&dir), 4);
    let keys: Vec<String> = messages[..2].iter().map(|m| m.key.clone()).collect();
    journal
        .apply_changes(&[Change::Claim { keys: &keys }], "r1")
        .expect("claimed");
    assert_eq!(journal.synchronous, "FULL", "a claim is on the disk");
    journal
        .apply_changes(&[mark(&messages[0])], "r1")
        .expect("marked");
    assert_eq!(
        journal.synchronous, "NORMAL",
        "the mark of a claimed message"
    );
    journal
        .apply_changes(&[mark(&messages[3])], "r1")
        .expect("marked");
    assert_eq!(
        journal.synchronous, "FULL",
        "the mark of a message not claimed"
    );
}

#[test]
fn a_killed_run_gives_back_what_it_claimed_and_a_power_cut_leaves_it_uncertain() {
    for (boot_after, unsent_state) in [("boot-1", State::Pending), ("boot-2", State::Uncertain)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = journal_path(&dir);
        let (mut journal, messages) = started_on_boot_1(&path, 5);
        let keys: Vec<String> = messages[..4].iter().map(|m| m.key.clone()).collect();
        let sent = Change::Record(Answer {
            key: &messages[0].key,
            state: State::Sent,
            code: Some(250),
            reply: "ok",
            relay: None,
            addresses: &[],
        });
        journal
            .apply_changes(
                &[Change::Claim { keys: &keys }, mark(&messages[0]), sent],
                "r1",
            )
            .expect("claimed, sent");
        journal
            .apply_changes(&[mark(&messages[1])], "r1")
            .expect("in flight");
        drop(journal); // killed here, or the machine lost power

        let mut journal = Journal::open(&path).expect("journal opens");
        let settled = journal
            .settle_abandoned_on("abandoned", Some(boot_after))
            .expect("settled");
        let states = journal.states().expect("states");
        let state = |n: usize| states[&messages[n].key];
        assert_eq!(state(0), State::Sent, "{boot_after}");
        assert_eq!(state(1), State::Uncertain, "{boot_after}: in flight");
        assert_eq!(state(2), unsent_state, "{boot_after}: claimed, not started");
        assert_eq!(state(3), unsent_state, "{boot_after}");
        assert_eq!(state(4), State::Pending, "{boot_after}: never claimed");
        let expected = if unsent_state == State::Uncertain {
            3
        } else {
            1
        };
        assert_eq!(settled, expected, "{boot_after}");
        let claimed: i64 = journal
            .connection
            .query_row(
                "SELECT COUNT(*) FROM recipients WHERE claimed = 1",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(claimed, 0, "claims are let go");
    }
}

#[test]
fn the_mark_log_of_a_killed_run_tells_what_was_sent_and_what_was_in_flight() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = journal_path(&dir);
    let (mut journal, messages) = started_on_boot_1(&path, 5);
    let keys: Vec<String> = messages.iter().map(|m| m.key.clone()).collect();
    journal
        .apply_changes(&[Change::Claim { keys: &keys }], "r1")
        .expect("claimed");
    drop(journal);
    // What the sessions appended before the kill; the journal's rows never heard of it.
    // The last line was cut short by the kill: its message never went.
    let [k0, k1, k2, k3, _] = &keys[..] else {
        unreachable!()
    };
    std::fs::write(
        mark_log::path_beside(&path),
        format!(
            "M\t{k0}\nO\t{k0}\tsent\t250\tok: queued\nM\t{k1}\nM\t{k2}\nO\t{k2}\tdeferred\t451\tbusy\nM\t{k3}"
        ),
    )
    .expect("log written");

    let mut journal = Journal::open(&path).expect("journal opens");
    let settled = journal
        .settle_abandoned_on("abandoned", Some("boot-1"))
        .expect("settled");
    let states = journal.states().expect("states");
    assert_eq!(states[k0], State::Sent);
    assert_eq!(states[k1], State::Uncertain, "marked, never answered");
    assert_eq!(states[k2], State::Deferred);
    assert_eq!(states[k3], State::Pending, "its mark was never whole");
    assert_eq!(states[&keys[4]], State::Pending);
    assert_eq!(settled, 1);
    let log = std::fs::read(mark_log::path_beside(&path)).expect("the log");
    assert!(log.is_empty(), "the log is emptied once read");
}

/// A killed run's log, written by the sessions of a message to a head and a Cc, which the
/// journal's rows never heard of: the Cc greylisted, then sent again alone, the run killed
/// with it in flight (or after its answer): the head keeps its `sent`, the Cc is what the
/// log last said of it.
#[test]
fn the_mark_log_of_a_killed_run_tells_each_address_s_outcome() {
    use crate::journal::addresses::tests::with_cc;
    use std::fmt::Write as _;
    for (answered, message_state, cc_state) in [
        (false, State::Uncertain, State::Uncertain),
        (true, State::Sent, State::Sent),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = journal_path(&dir);
        let message = with_cc(0, "adjoint.0@ecole.example");
        let mut journal = Journal::open(&path).expect("journal opens");
        let mut registration = journal.register().expect("register");
        registration.message(0, &message).expect("recorded");
        registration.finish().expect("list recorded");
        journal
            .settle_abandoned_on("abandoned", Some("boot-1"))
            .expect("the run starts");
        let keys = [message.key.clone()];
        journal
            .apply_changes(&[Change::Claim { keys: &keys }], "r1")
            .expect("claimed");
        drop(journal);
        let (key, to, cc) = (
            &message.key,
            "directeur.0@ecole.example",
            "adjoint.0@ecole.example",
        );
        let mut log = format!(
            "M\t{key}\nO\t{key}\tdeferred\t451\tgreylisted\t{to}\tsent\t250\tok\t{cc}\tdeferred\t451\tgreylisted\nM\t{key}\t{cc}\n"
        );
        if answered {
            let _ = writeln!(log, "O\t{key}\tsent\t250\tqueued\t{cc}\tsent\t250\tqueued");
        }
        std::fs::write(mark_log::path_beside(&path), log).expect("log written");

        let mut journal = Journal::open(&path).expect("journal opens");
        journal
            .settle_abandoned_on("abandoned", Some("boot-1"))
            .expect("settled");
        assert_eq!(journal.states().expect("states")[key], message_state);
        let states = &journal.address_states().expect("address states")[key];
        assert_eq!(
            states,
            &[(to.to_string(), State::Sent), (cc.to_string(), cc_state)],
            "answered: {answered}"
        );
    }
}
