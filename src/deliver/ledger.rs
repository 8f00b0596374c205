//! What the sender keeps of each message (the journal), as delivery sees it: asked before a
//! message is handed to a session, told of every outcome, retried ones included.

use std::future::Future;
use std::pin::Pin;

use super::Delivered;
use crate::compose::Outgoing;

/// The answer to [`Ledger::admit`], once it is safe to hand the message over.
pub type Admission<'a> = Pin<Box<dyn Future<Output = bool> + Send + 'a>>;

/// See the module documentation.
pub trait Ledger: Send + Sync {
    /// Resolves to `true` once `message` may be handed to the relay (for the journal: its
    /// `sending` mark is on the disk); `false` leaves it unsent and stops the session: the
    /// run is interrupted, or the journal cannot be written.
    fn admit<'a>(&'a self, message: &'a Outgoing) -> Admission<'a>;
    /// Takes one outcome. A session calls it before its next [`Ledger::admit`], so the
    /// journal never holds more than one unanswered message per session.
    fn record(&self, delivered: &Delivered);
}

/// No ledger: a test send (`--to`) leaves the journal untouched.
pub struct Unrecorded;

impl Ledger for Unrecorded {
    fn admit<'a>(&'a self, _message: &'a Outgoing) -> Admission<'a> {
        Box::pin(std::future::ready(true))
    }

    fn record(&self, _delivered: &Delivered) {}
}
