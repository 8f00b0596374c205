//! The `SQLite` journal behind the [`Backend`] trait: one file, one sender at a time (the
//! caller holds the [`super::SenderLock`]), so every recipient it selects is its own.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::{Transaction, params};

use super::backend::{Answer, Backend, Change, Claimer, Mark, Register, Skipped};
use super::{
    Accepted, AddressStates, Copy, CopyKind, CopyMark, Counts, Cursor, EarlierRevision, Entry,
    Journal, JournalError, Recorded, Registration, Return, State, addresses, now, sql,
};
use crate::compose::Outgoing;

impl Backend for Journal {
    fn name(&self) -> String {
        self.path.display().to_string()
    }

    fn states(&self) -> Result<HashMap<String, State>, JournalError> {
        Journal::states(self)
    }

    fn counts(&self) -> Result<Counts, JournalError> {
        Journal::counts(self)
    }

    fn entries(&self) -> Result<Vec<Entry>, JournalError> {
        Journal::entries(self)
    }

    fn address_states(&self) -> Result<AddressStates, JournalError> {
        Journal::address_states(self)
    }

    fn relay_counts(&self) -> Result<BTreeMap<String, BTreeMap<State, usize>>, JournalError> {
        Journal::relay_counts(self)
    }

    fn settle_abandoned(&mut self, reply: &str) -> Result<usize, JournalError> {
        Journal::settle_abandoned(self, reply)
    }

    fn earlier_revision(&self, current: &str) -> Result<Option<EarlierRevision>, JournalError> {
        Journal::earlier_revision(self, current)
    }

    fn accept_revision(&mut self, revision: &str) -> Result<(), JournalError> {
        Journal::accept_revision(self, revision)
    }

    fn register(&mut self) -> Result<Box<dyn Register + '_>, JournalError> {
        Ok(Box::new(Journal::register(self)?))
    }

    fn apply(&mut self, changes: &[Change<'_>], revision: &str) -> Result<Vec<bool>, JournalError> {
        self.apply_changes(changes, revision)?;
        let marks = changes
            .iter()
            .filter(|change| matches!(change, Change::Mark { .. }))
            .count();
        Ok(vec![true; marks])
    }

    fn settle_unanswered(&mut self, reply: &str) -> Result<usize, JournalError> {
        // The lock is held: whatever is `sending` is this run's.
        Journal::settle_own(self, reply)
    }

    fn claimer(&mut self) -> Result<Option<Box<dyn Claimer>>, JournalError> {
        Ok(None)
    }

    fn copies(&self, kind: CopyKind) -> Result<HashMap<String, Copy>, JournalError> {
        Journal::copies(self, kind)
    }

    fn mark_copy(&mut self, mark: CopyMark<'_>) -> Result<(), JournalError> {
        Journal::mark_copy(self, mark)
    }

    fn accepted(&self) -> Result<Vec<Accepted>, JournalError> {
        Journal::accepted(self)
    }

    fn returns(&self) -> Result<HashMap<String, Vec<Return>>, JournalError> {
        Journal::returns(self)
    }

    fn messages_by_id(&self) -> Result<HashMap<String, Recorded>, JournalError> {
        Journal::messages_by_id(self)
    }

    fn cursor(&self, folder: &str) -> Result<Option<Cursor>, JournalError> {
        Journal::cursor(self, folder)
    }

    fn record_returns(
        &mut self,
        returns: &[Return],
        folder: &str,
        cursor: Cursor,
    ) -> Result<(), JournalError> {
        Journal::record_returns(self, returns, folder, cursor)
    }

    fn mark_drafted(&mut self, key: &str, reply: &str, revision: &str) -> Result<(), JournalError> {
        Journal::mark_drafted(self, key, reply, revision)
    }

    fn mark_log(&self) -> Option<std::path::PathBuf> {
        Some(super::mark_log::path_beside(&self.path))
    }
}

impl Register for Registration<'_> {
    fn message(&mut self, position: usize, message: &Outgoing) -> Result<(), JournalError> {
        Registration::message(self, position, message)
    }

    fn skipped(&mut self, position: usize, skipped: Skipped<'_>) -> Result<(), JournalError> {
        Registration::skipped(self, position, skipped)
    }

    fn finish(self: Box<Self>) -> Result<(), JournalError> {
        Registration::finish(*self)
    }
}

impl Journal {
    /// Applies a batch of changes in one transaction, synced when it returns.
    pub(super) fn apply_changes(
        &mut self,
        batch: &[Change<'_>],
        revision: &str,
    ) -> Result<(), JournalError> {
        let now = now();
        // A claim is synced, and so is the mark of a message not claimed: after a power cut
        // the claim is what tells which messages may have gone. The mark of a claimed message
        // needs only to survive the process (`NORMAL`): a killed run leaves it readable, and
        // a power cut makes every claimed message without an outcome `uncertain` anyway
        // ([`Journal::settle_abandoned`]). Outcomes alone are never synced.
        let needs_sync = batch.iter().any(|change| match change {
            Change::Claim { .. } => true,
            Change::Mark(mark) => !self.claimed.contains(mark.key),
            Change::Record(_) => false,
        });
        self.set_synchronous(if needs_sync { "FULL" } else { "NORMAL" })?;
        let answered = self.answered_marks(batch);
        let folded: HashSet<usize> = answered.values().copied().collect();
        let on = sql(&self.path);
        let transaction = self.connection.transaction().map_err(&on)?;
        let mut claimed = Vec::new();
        for (index, change) in batch.iter().enumerate() {
            match change {
                Change::Claim { keys } => {
                    let mut statement = transaction
                        .prepare_cached("UPDATE recipients SET claimed = 1 WHERE key = ?1")
                        .map_err(&on)?;
                    for key in *keys {
                        if statement.execute([key]).map_err(&on)? != 1 {
                            // Every message a run sends was recorded by its first pass.
                            return Err(JournalError::Sqlite {
                                path: self.path.clone(),
                                source: rusqlite::Error::QueryReturnedNoRows,
                            });
                        }
                        claimed.push(key.as_str());
                    }
                }
                // Written with its outcome.
                Change::Mark(_) if folded.contains(&index) => {}
                Change::Mark(mark) => {
                    write_mark(&transaction, mark, revision, now).map_err(&on)?;
                    addresses::mark(&transaction, mark.key, mark.addresses, now).map_err(&on)?;
                }
                Change::Record(answer) => {
                    let marked = match answered.get(&index).map(|mark| &batch[*mark]) {
                        Some(Change::Mark(mark)) => Some((mark, revision)),
                        _ => None,
                    };
                    write_answer(&transaction, answer, marked, now).map_err(&on)?;
                    addresses::write(&transaction, answer.key, answer.addresses, now, true)
                        .map_err(&on)?;
                }
            }
        }
        transaction.commit().map_err(&on)?;
        self.claimed.extend(claimed.into_iter().map(str::to_string));
        Ok(())
    }

    /// The marks the log holds whose outcome comes later in `batch`, by the outcome's index:
    /// each pair is written as one update instead of two (the `sending` row would only live
    /// until the end of the transaction).
    fn answered_marks(&self, batch: &[Change<'_>]) -> HashMap<usize, usize> {
        let mut open: HashMap<&str, usize> = HashMap::new();
        let mut answered = HashMap::new();
        for (index, change) in batch.iter().enumerate() {
            match change {
                Change::Mark(mark) if self.claimed.contains(mark.key) => {
                    // A later attempt's mark: the earlier one, unanswered, is written alone.
                    open.insert(mark.key, index);
                }
                Change::Mark(mark) => {
                    open.remove(mark.key);
                }
                Change::Record(answer) => {
                    if let Some(mark) = open.remove(answer.key) {
                        answered.insert(index, mark);
                    }
                }
                Change::Claim { .. } => {}
            }
        }
        answered
    }
}

/// The `sending` mark.
fn write_mark(
    transaction: &Transaction<'_>,
    mark: &Mark<'_>,
    revision: &str,
    now: i64,
) -> rusqlite::Result<()> {
    transaction
        .prepare_cached(
            "INSERT INTO recipients
                 (key, row, to_display, message_id, state, attempts, revision, created, updated)
             VALUES (?1, ?2, ?3, ?4, 'sending', 1, ?5, ?6, ?6)
             ON CONFLICT (key) DO UPDATE SET state = 'sending',
                 attempts = attempts + 1, message_id = excluded.message_id,
                 revision = excluded.revision, code = NULL, reply = NULL,
                 relay = NULL, updated = excluded.updated",
        )?
        .execute(params![
            mark.key,
            mark.row,
            mark.to,
            mark.message_id,
            revision,
            now
        ])
        .map(drop)
}

/// What the relay answered. With `marked` (the message's mark and the revision, not written
/// yet), the update also does what the mark would have done, as the two would leave the row.
fn write_answer(
    transaction: &Transaction<'_>,
    answer: &Answer<'_>,
    marked: Option<(&Mark<'_>, &str)>,
    now: i64,
) -> rusqlite::Result<()> {
    let (message_id, revision) = marked
        .map(|(mark, revision)| (mark.message_id, revision))
        .unzip();
    let updated = transaction
        .prepare_cached(
            "UPDATE recipients SET state = ?2, code = ?3, reply = ?4, updated = ?5,
                 relay = CASE WHEN ?7 IS NULL THEN COALESCE(?6, relay) ELSE ?6 END,
                 attempts = attempts + (?7 IS NOT NULL),
                 message_id = COALESCE(?7, message_id), revision = COALESCE(?8, revision)
             WHERE key = ?1",
        )?
        .execute(params![
            answer.key,
            answer.state.as_str(),
            answer.code,
            answer.reply,
            now,
            answer.relay,
            message_id,
            revision
        ])?;
    if let (0, Some((mark, revision))) = (updated, marked) {
        // A row the list did not record (it cannot happen: a claimed message has its row).
        write_mark(transaction, mark, revision, now)?;
        write_answer(transaction, answer, None, now)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::tests::{journal_path, message};

    /// A journal whose list is `messages`, every one claimed.
    fn claimed_journal(dir: &tempfile::TempDir, messages: &[Outgoing]) -> Journal {
        let mut journal = Journal::open(&journal_path(dir)).expect("journal");
        let mut registration = journal.register().expect("registration");
        for (position, message) in messages.iter().enumerate() {
            registration.message(position, message).expect("recorded");
        }
        registration.finish().expect("list kept");
        let keys: Vec<String> = messages.iter().map(|m| m.key.clone()).collect();
        journal
            .apply_changes(&[Change::Claim { keys: &keys }], "r1")
            .expect("claimed");
        journal
    }

    fn row(journal: &Journal, key: &str) -> Vec<String> {
        journal
            .connection
            .query_row(
                "SELECT state, code, reply, relay, attempts, message_id, revision, claimed
                 FROM recipients WHERE key = ?1",
                [key],
                |row| {
                    (0..8)
                        .map(|i| {
                            row.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect()
                },
            )
            .expect("the row")
    }

    #[test]
    fn a_logged_mark_answered_in_the_same_batch_leaves_the_row_two_batches_leave() {
        let messages = [message(1)];
        let m = &messages[0];
        let mark = Change::Mark(Mark {
            key: &m.key,
            row: "liste.csv:2",
            to: &m.to,
            // Not the Message-ID the list recorded, so the row shows the mark wrote its own.
            message_id: "<again.missive@example>",
            addresses: &[],
        });
        let answer = |state, code, reply| {
            Change::Record(Answer {
                key: &m.key,
                state,
                code: Some(code),
                reply,
                relay: Some("smtp://127.0.0.1:2525"),
                addresses: &[],
            })
        };
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        // A deferred attempt, then a second that is sent: all in one batch, or a batch a
        // change.
        let changes = [
            mark,
            answer(State::Deferred, 451, "try later"),
            mark,
            answer(State::Sent, 250, "ok"),
        ];
        let mut folded = claimed_journal(&one, &messages);
        assert_eq!(folded.answered_marks(&changes).len(), 2, "both pairs fold");
        folded.apply_changes(&changes, "r2").expect("one batch");
        let mut apart = claimed_journal(&two, &messages);
        for change in &changes {
            apart
                .apply_changes(std::slice::from_ref(change), "r2")
                .expect("a batch");
        }
        assert_eq!(row(&folded, &m.key), row(&apart, &m.key));
        let folded = row(&folded, &m.key);
        assert_eq!(folded[4], "Integer(2)", "two attempts");
        assert!(
            folded[5].contains("again") && folded[6].contains("r2"),
            "{folded:?}"
        );
    }
}
