//! What the sender keeps of each message (the journal), as delivery sees it: asked before a
//! message is handed to a session, told of every outcome, retried ones included.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::Delivered;
use crate::compose::Outgoing;

/// The answer to [`Ledger::admit`], once it is safe to hand the message over.
pub(crate) type Admission<'a> = Pin<Box<dyn Future<Output = Verdict> + Send + 'a>>;

/// What becomes of a message a session is about to hand over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Hand it over (for the journal: its `sending` mark is on the disk).
    Send,
    /// Another sender of a shared journal has it: leave it, it is not this run's and not an
    /// error, and go on with the next message.
    Skip,
    /// Leave it unsent and stop the session: the run is interrupted, or the journal cannot
    /// be written.
    Stop,
}

/// See the module documentation.
pub(crate) trait Ledger: Send + Sync {
    /// Resolves once the [`Verdict`] on `message` is known: [`Verdict::Send`] only once it is
    /// safe to hand it to the relay.
    fn admit<'a>(&'a self, message: &'a Outgoing) -> Admission<'a>;
    /// Takes one outcome. A session calls it before its next [`Ledger::admit`], so the
    /// journal never holds more than one unanswered message per session.
    fn record(&self, delivered: &Delivered);
    /// [`Ledger::record`], then [`Ledger::admit`] for `next`, when the ledger can do both at
    /// once and knows its verdict on `next` at once: `None` when it cannot, having only
    /// recorded `delivered` (then `next` is admitted as usual).
    fn record_then_admit(&self, delivered: &Delivered, _next: &Outgoing) -> Option<Verdict> {
        self.record(delivered);
        None
    }
    /// These messages are about to be queued, in this order: a journal may claim them now,
    /// in one write, so that admitting each later costs less. Asks, never waits.
    fn claim(&self, _messages: &[Arc<Outgoing>]) {}
}

/// No ledger: a test send (`--to`) leaves the journal untouched.
pub(crate) struct Unrecorded;

impl Ledger for Unrecorded {
    fn admit<'a>(&'a self, _message: &'a Outgoing) -> Admission<'a> {
        Box::pin(std::future::ready(Verdict::Send))
    }

    fn record(&self, _delivered: &Delivered) {}
}
