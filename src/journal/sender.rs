//! The journal as one `send` run holds it: locked, cleared of what a dead run left
//! `sending`, checked against the campaign's revision, and asked which recipients to send.

use std::collections::{BTreeMap, HashMap};

use super::backend::{Backend, Claimer, Location, Register, SenderOptions, Skipped};
use super::postgres::PgJournal;
use super::{
    AddressStates, Counts, Journal, JournalError, JournalOptions, JournalWriter, Resend,
    SenderLock, State, WriterStats,
};
use crate::compose::Outgoing;
use crate::recipients::RowRef;
use crate::recipients::address::normalise;

/// The reply kept for a message whose run died while it was being sent.
const ABANDONED: &str =
    "its run stopped (killed or crashed) while it was being sent: it may have been delivered";
/// The reply kept for a message still unanswered when an interrupted run gave up waiting.
const UNANSWERED: &str =
    "the run was interrupted before the relay replied: it may have been delivered";

/// Which recipients a run sends, from the journal's states at its start.
#[derive(Debug, Clone, Default)]
pub(crate) struct Selection {
    states: HashMap<String, State>,
    /// Each address's state, for the messages whose addresses did not all end the same way.
    addresses: AddressStates,
    resend: Resend,
}

/// What a run does with a message of the list.
#[derive(Debug, Clone)]
pub(crate) enum Take {
    /// Leaves it alone (sent already, refused, uncertain…).
    Leave,
    /// Sends it as it is.
    Whole,
    /// Sends this instead: the message to those of its addresses still to send (the others
    /// got it, or were refused), the same key.
    OnlyTo(Box<Outgoing>),
}

impl Selection {
    /// What this run does with `message`: a message whose addresses did not all end the
    /// same way goes to those this run sends (not yet `sent` nor `failed`; `failed` ones
    /// with `--retry-failed`, `uncertain` ones with `--retry-uncertain`).
    pub(crate) fn take(&self, message: &Outgoing) -> Take {
        let state = self.states.get(&message.key).copied();
        // Most journals have none: no lookup then.
        let known = (!self.addresses.is_empty())
            .then(|| self.addresses.get(&message.key))
            .flatten();
        let Some(addresses) = known else {
            return if self.resend.wants(state) {
                Take::Whole
            } else {
                Take::Leave
            };
        };
        // An address the journal has no word of is where its message is.
        let wanted = |address: &lettre::Address| {
            let address = normalise(address);
            let known = addresses.iter().find(|(a, _)| *a == address);
            self.resend.wants(known.map(|(_, state)| *state).or(state))
        };
        let to = message.envelope.to();
        match to.iter().filter(|address| wanted(address)).count() {
            0 => Take::Leave,
            all if all == to.len() => Take::Whole,
            _ => message
                .only_to(wanted)
                .map_or(Take::Leave, |only| Take::OnlyTo(Box::new(only))),
        }
    }

    /// `message` as this run sends it, if it does (see [`Selection::take`]).
    pub(crate) fn to_send(&self, message: Outgoing) -> Option<Outgoing> {
        match self.take(&message) {
            Take::Leave => None,
            Take::Whole => Some(message),
            Take::OnlyTo(restricted) => Some(*restricted),
        }
    }
}

/// The journal, held for one `send` run: locked (a file), or with a seat among the senders
/// of a shared journal.
pub(crate) struct SendJournal {
    journal: Box<dyn Backend>,
    lock: Option<SenderLock>,
    selection: Selection,
    revision: String,
    /// Rows a dead run had left `sending`, now `uncertain`.
    pub abandoned: usize,
    /// Rows another sender holds `sending` under a lease still running, and when the last
    /// of those leases runs out: this run waits for them before it ends.
    pub held_elsewhere: Option<(usize, std::time::Duration)>,
}

impl SendJournal {
    /// Takes the one-sender lock, settles what a dead run left `sending`, and refuses a
    /// changed campaign when part of it was sent, unless `new_revision`.
    #[cfg(test)]
    pub(crate) fn open(
        path: &std::path::Path,
        revision: String,
        new_revision: bool,
        resend: Resend,
    ) -> Result<Self, JournalError> {
        let options = JournalOptions {
            place: path.to_path_buf(),
            campaign: "campaign".into(),
            resend,
            new_revision,
        };
        Self::open_with(&options, revision)
    }

    /// [`Journal::open`](super::Journal::open) as `options` say; in a shared journal, the campaign's `id` names
    /// it, and senders that are gone are settled instead of a lock taken.
    pub(crate) fn open_with(
        options: &JournalOptions,
        revision: String,
    ) -> Result<Self, JournalError> {
        let JournalOptions {
            place,
            campaign,
            resend,
            new_revision,
        } = options;
        let (resend, new_revision) = (*resend, *new_revision);
        let (lock, mut journal): (_, Box<dyn Backend>) = match Location::of(place) {
            Location::File(path) => {
                Journal::refuse_vanished(path)?;
                (
                    Some(SenderLock::acquire(path)?),
                    Box::new(Journal::open(path)?),
                )
            }
            Location::Postgres(url) => {
                let options = SenderOptions { campaign, resend };
                (None, Box::new(PgJournal::open_for_sending(url, &options)?))
            }
        };
        let abandoned = journal.settle_abandoned(ABANDONED)?;
        let held_elsewhere = journal.held_elsewhere()?;
        if !new_revision && let Some(earlier) = journal.earlier_revision(&revision)? {
            return Err(JournalError::EarlierRevision {
                sent: earlier.sent,
                uncertain: earlier.uncertain,
            });
        }
        let selection = Selection {
            states: journal.states()?,
            addresses: journal.address_states()?,
            resend,
        };
        Ok(Self {
            journal,
            lock,
            selection,
            revision,
            abandoned,
            held_elsewhere,
        })
    }

    /// The journal as messages name it: its path, or its URL without the password.
    pub(crate) fn name(&self) -> String {
        self.journal.name()
    }

    /// For a shared journal: what claims recipients before they are queued.
    pub(crate) fn claimer(&mut self) -> Result<Option<Box<dyn Claimer>>, JournalError> {
        self.journal.claimer()
    }

    /// Records the current list while the first pass reads it.
    pub(crate) fn plan(&mut self) -> Result<Plan<'_>, JournalError> {
        Ok(Plan {
            registration: self.journal.register()?,
            selection: &self.selection,
            held: BTreeMap::new(),
        })
    }

    /// Which recipients this run sends.
    pub(crate) fn selection(&self) -> &Selection {
        &self.selection
    }

    /// Counts per state, as recorded so far.
    pub(crate) fn counts(&self) -> Result<Counts, JournalError> {
        self.journal.counts()
    }

    /// The journal itself, for the copies in the mailbox of a run with nothing to send.
    pub(crate) fn backend(&mut self) -> &mut dyn Backend {
        self.journal.as_mut()
    }

    /// Hands the journal to its writer thread for the delivery.
    pub(crate) fn start(mut self) -> Result<Sending, JournalError> {
        self.journal.accept_revision(&self.revision)?;
        let per_address = self.selection.addresses.into_keys().collect();
        Ok(Sending {
            writer: JournalWriter::start(self.journal, self.revision, per_address)?,
            _lock: self.lock,
        })
    }
}

/// One item of the list as the journal records it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Listed<'a> {
    /// A message to send, sent already or not.
    Message(&'a Outgoing),
    /// A row that makes no message, and why (a broken row left out, a duplicate).
    Skipped {
        row: Option<&'a RowRef>,
        reason: &'a str,
        /// The row repeats an earlier row's recipients, who get that row's message.
        duplicate: bool,
        /// Its addresses are on the suppression list.
        suppressed: bool,
    },
}

/// The list being recorded, and what this run leaves alone.
pub(crate) struct Plan<'j> {
    registration: Box<dyn Register + 'j>,
    selection: &'j Selection,
    held: BTreeMap<State, usize>,
}

impl Plan<'_> {
    /// Records one item of the list; says what the run does with it (a problem is always
    /// taken whole, to be reported).
    pub(crate) fn take(&mut self, position: usize, item: Listed<'_>) -> Result<Take, JournalError> {
        match item {
            Listed::Message(message) => {
                self.registration.message(position, message)?;
                let take = self.selection.take(message);
                if matches!(take, Take::Leave) {
                    let state = self
                        .selection
                        .states
                        .get(&message.key)
                        .copied()
                        .unwrap_or(State::Pending);
                    *self.held.entry(state).or_default() += 1;
                }
                Ok(take)
            }
            Listed::Skipped {
                row,
                reason,
                duplicate,
                suppressed,
            } => {
                if let Some(row) = row {
                    let skipped = Skipped {
                        row,
                        reason,
                        duplicate,
                        suppressed,
                    };
                    self.registration.skipped(position, skipped)?;
                }
                Ok(Take::Whole)
            }
        }
    }

    /// Keeps the recorded list; returns how many recipients were left alone, per state.
    pub(crate) fn finish(self) -> Result<BTreeMap<State, usize>, JournalError> {
        self.registration.finish()?;
        Ok(self.held)
    }
}

/// The journal once the messages went: still locked, for the copies in the mailbox.
pub(crate) struct Finished {
    pub journal: Box<dyn Backend>,
    _lock: Option<SenderLock>,
}

/// The journal while the messages go out; dropping it releases the lock.
pub(crate) struct Sending {
    pub writer: JournalWriter,
    _lock: Option<SenderLock>,
}

impl Sending {
    /// Writes what is left, and turns what is still `sending` (unanswered when an
    /// interrupted run gave up waiting) into `uncertain`, so no row stays `sending`.
    /// Returns the journal (still this sender's: the lock goes with it), what it cost, and
    /// how many rows were settled so.
    pub(crate) fn finish(self) -> Result<(Finished, WriterStats, usize), JournalError> {
        let Sending {
            writer,
            _lock: lock,
        } = self;
        let (mut journal, stats) = writer.finish()?;
        let unanswered = journal.settle_unanswered(UNANSWERED)?;
        let finished = Finished {
            journal,
            _lock: lock,
        };
        Ok((finished, stats, unanswered))
    }

    /// Stops the writer without settling anything, as a crash leaves the journal.
    #[cfg(test)]
    pub(super) fn crash(self) -> Result<(), JournalError> {
        self.writer.finish().map(drop)
    }
}
