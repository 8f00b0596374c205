//! The `SQLite` journal behind the [`Backend`] trait: one file, one sender at a time (the
//! caller holds the [`super::SenderLock`]), so every recipient it selects is its own.

use std::collections::{BTreeMap, HashMap};

use super::backend::{Backend, Change, Claimer, Register};
use super::{Counts, EarlierRevision, Entry, Journal, JournalError, Registration, State};
use crate::compose::Outgoing;
use crate::recipients::RowRef;

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

    fn mark_log(&self) -> Option<std::path::PathBuf> {
        Some(super::mark_log::path_beside(&self.path))
    }
}

impl Register for Registration<'_> {
    fn message(&mut self, position: usize, message: &Outgoing) -> Result<(), JournalError> {
        Registration::message(self, position, message)
    }

    fn skipped(&mut self, position: usize, row: &RowRef, reason: &str) -> Result<(), JournalError> {
        Registration::skipped(self, position, row, reason)
    }

    fn finish(self: Box<Self>) -> Result<(), JournalError> {
        Registration::finish(*self)
    }
}
