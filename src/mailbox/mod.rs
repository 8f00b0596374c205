//! The user's own mailbox: over IMAP, a copy of each message in Sent, the drafts of
//! `missive drafts`, and reading back what came in (`imap`); what comes back after a
//! campaign (bounces, delay warnings, read receipts, out-of-office replies) read into facts
//! for the journal (`reports`). An IMAP failure never fails or resends a message the relay
//! accepted: the mailbox comes after delivery.

pub(crate) mod imap;
pub(crate) mod reports;
