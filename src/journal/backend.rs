//! The journal's storage, behind one trait: an `SQLite` file for one sender (the default), or
//! a `PostgreSQL` database several senders share (`--journal postgres://…`). `send`,
//! `status` and `report` see only [`Backend`]; the states, the revision check and the
//! writer's batching are the same over both.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::postgres::PgJournal;
use super::{
    Accepted, AddressAnswer, AddressStates, Copy, CopyKind, CopyMark, Counts, Cursor,
    EarlierRevision, Entry, Journal, JournalError, Recorded, Resend, Return, State,
};
use crate::compose::Outgoing;
use crate::recipients::RowRef;

/// One change the writer thread applies, in the order the sessions asked for it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Change<'a> {
    /// The message is about to be handed to the relay: `sending`, durably.
    Mark(Mark<'a>),
    /// These messages are about to be queued: claimed ahead, in one synced commit, so that
    /// their marks need no sync of their own (a file journal; a shared one claims its own way).
    Claim { keys: &'a [String] },
    /// What the relay answered.
    Record(Answer<'a>),
}

/// A message about to be handed to the relay.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mark<'a> {
    pub key: &'a str,
    pub row: &'a str,
    pub to: &'a str,
    pub message_id: &'a str,
    /// The addresses it goes to, when its message has per-address outcomes (they are in
    /// flight from now on); empty otherwise.
    pub addresses: &'a [String],
}

/// What the relay answered for one message.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Answer<'a> {
    pub key: &'a str,
    pub state: State,
    pub code: Option<u16>,
    pub reply: &'a str,
    /// The relay that answered, without credentials; `None`: none was reached.
    pub relay: Option<&'a str>,
    /// Each address's outcome, when they differ or when the message had per-address
    /// outcomes before; empty otherwise (every address has `state`). With them, the
    /// message's state is theirs taken together.
    pub addresses: &'a [AddressAnswer],
}

/// A journal `collect` records into: a file that must exist already, or the campaign's
/// part of a shared database.
pub(crate) fn open_for_collect(
    journal: &Path,
    campaign: &str,
) -> Result<Box<dyn Backend>, JournalError> {
    Ok(match Location::of(journal) {
        Location::File(path) => {
            Journal::refuse_vanished(path)?;
            Box::new(Journal::open(path)?)
        }
        Location::Postgres(url) => Box::new(PgJournal::open(url, Some(campaign))?),
    })
}

/// A journal's storage: what `status` and `report` read, and what one `send` run writes.
pub(crate) trait Backend: Send {
    /// The journal as messages name it: its path, or its URL without the password.
    fn name(&self) -> String;
    /// The state of every recipient key the journal knows.
    fn states(&self) -> Result<HashMap<String, State>, JournalError>;
    /// Counts per state.
    fn counts(&self) -> Result<Counts, JournalError>;
    /// Every recipient and skipped row: the list's order, then rows no longer listed; a
    /// message with per-address outcomes is one entry per address.
    fn entries(&self) -> Result<Vec<Entry>, JournalError>;
    /// The state of each address of the messages with per-address outcomes.
    fn address_states(&self) -> Result<AddressStates, JournalError>;
    /// Outcomes per relay (its URL without credentials), then per state.
    fn relay_counts(&self) -> Result<BTreeMap<String, BTreeMap<State, usize>>, JournalError>;
    /// At the start of a run: what a sender that is gone left `sending` becomes `uncertain`
    /// with `reply`. Returns how many.
    fn settle_abandoned(&mut self, reply: &str) -> Result<usize, JournalError>;
    /// Messages another sender of a shared journal holds `sending` under a lease still
    /// running (a sender at work, or one that died and whose lease has not run out yet):
    /// how many, and when the last of those leases runs out. A file journal has none.
    fn held_elsewhere(&mut self) -> Result<Option<(usize, std::time::Duration)>, JournalError> {
        Ok(None)
    }
    /// Who got an earlier revision than `current`, unless `current` was accepted already.
    fn earlier_revision(&self, current: &str) -> Result<Option<EarlierRevision>, JournalError>;
    /// From now on, `revision` is the campaign's.
    fn accept_revision(&mut self, revision: &str) -> Result<(), JournalError>;
    /// Starts recording the current list; nothing is kept unless [`Register::finish`] is
    /// called.
    fn register(&mut self) -> Result<Box<dyn Register + '_>, JournalError>;
    /// Applies `changes` in one durable transaction. Returns, for each [`Change::Mark`] in
    /// order, whether this run may hand that message over (`false`: another sender has it).
    fn apply(&mut self, changes: &[Change<'_>], revision: &str) -> Result<Vec<bool>, JournalError>;
    /// At the end of a run: this run's messages still `sending` (unanswered when it gave up
    /// waiting) become `uncertain` with `reply`, and what it claimed but did not send is let
    /// go. Returns how many became uncertain.
    fn settle_unanswered(&mut self, reply: &str) -> Result<usize, JournalError>;
    /// Where a file journal's sessions append their marks and outcomes (see
    /// `mark_log::MarkLog`); `None`: every mark goes through the writer.
    fn mark_log(&self) -> Option<std::path::PathBuf> {
        None
    }
    /// For a journal several senders share: what claims recipients for this run, before
    /// they are queued. `None`: this run is the only sender, everything selected is its own.
    fn claimer(&mut self) -> Result<Option<Box<dyn Claimer>>, JournalError>;
    /// The copies of `kind` put in the mailbox (or on their way there), by message key.
    fn copies(&self, kind: CopyKind) -> Result<HashMap<String, Copy>, JournalError>;
    /// Records a copy's state, durably.
    fn mark_copy(&mut self, mark: CopyMark<'_>) -> Result<(), JournalError>;
    /// The messages the relay accepted, in the list's order, with when.
    fn accepted(&self) -> Result<Vec<Accepted>, JournalError>;
    /// What `missive collect` recorded, by message key.
    fn returns(&self) -> Result<HashMap<String, Vec<Return>>, JournalError>;
    /// The messages by Message-ID (with its angle brackets, as composed): what `collect`
    /// matches reports with.
    fn messages_by_id(&self) -> Result<HashMap<String, Recorded>, JournalError>;
    /// Where `collect`'s reading of `folder` stopped last time.
    fn cursor(&self, folder: &str) -> Result<Option<Cursor>, JournalError>;
    /// Records what `collect` read (a later report of the same kind for the same address
    /// replaces the earlier) and where the reading of `folder` stopped, in one transaction.
    fn record_returns(
        &mut self,
        returns: &[Return],
        folder: &str,
        cursor: Cursor,
    ) -> Result<(), JournalError>;
    /// A message put in Drafts (`reply` says where) becomes `drafted`, unless it was sent
    /// meanwhile.
    fn mark_drafted(&mut self, key: &str, reply: &str, revision: &str) -> Result<(), JournalError>;
}

/// A row of the list left out of a run, and why.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Skipped<'a> {
    pub row: &'a RowRef,
    pub reason: &'a str,
    /// The row repeats an earlier row's recipients, who get that row's message.
    pub duplicate: bool,
    /// Its addresses are on the suppression list (they bounced for good).
    pub suppressed: bool,
}

/// The list being recorded.
pub(crate) trait Register {
    /// One message of the list, at `position` (its order among the list's items).
    fn message(&mut self, position: usize, message: &Outgoing) -> Result<(), JournalError>;
    /// A row left out of this run (invalid with `--skip-invalid`, or a duplicate).
    fn skipped(&mut self, position: usize, skipped: Skipped<'_>) -> Result<(), JournalError>;
    /// Keeps the list recorded.
    fn finish(self: Box<Self>) -> Result<(), JournalError>;
}

/// Claims recipients for one run of a shared journal, so that no two senders queue the same.
pub(crate) trait Claimer: Send {
    /// For each key, whether this run now holds it (`false`: another sender has it, or it
    /// is no longer in a state this run sends).
    fn claim(&mut self, keys: &[&str]) -> Result<Vec<bool>, JournalError>;
    /// For each key, whether some sender may still send it (pending, deferred, or `sending`
    /// by a sender whose lease has not run out yet).
    fn unfinished(&mut self, keys: &[&str]) -> Result<Vec<bool>, JournalError>;
}

/// Opens a journal that must exist already, for `status` and `report`. `campaign` (the
/// `id` of campaign.toml, when there is one) says which campaign of a shared journal.
pub(crate) fn open_existing(
    journal: &Path,
    campaign: Option<&str>,
) -> Result<Box<dyn Backend>, JournalError> {
    Ok(match Location::of(journal) {
        Location::File(path) => Box::new(Journal::open_existing(path)?),
        Location::Postgres(url) => Box::new(PgJournal::open(url, campaign)?),
    })
}

/// Where a journal is: a file, or a `PostgreSQL` database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location<'a> {
    File(&'a Path),
    Postgres(&'a str),
}

impl<'a> Location<'a> {
    /// The journal as messages show it: a path, or a URL with its password masked.
    pub(crate) fn shown(journal: &Path) -> String {
        match Location::of(journal) {
            Location::File(path) => path.display().to_string(),
            Location::Postgres(url) => super::postgres::mask(url),
        }
    }

    /// `postgres://…` and `postgresql://…` name a database; anything else is a file.
    pub(crate) fn of(journal: &'a Path) -> Self {
        match journal.to_str() {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Location::Postgres(url)
            }
            _ => Location::File(journal),
        }
    }
}

/// What a `send` run asks of a journal it opens: the campaign it sends, and what it resends.
#[derive(Debug, Clone)]
pub(super) struct SenderOptions<'a> {
    /// The campaign's `id`: a shared database holds several campaigns.
    pub campaign: &'a str,
    pub resend: Resend,
}
