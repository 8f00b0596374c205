//! The user's own mailbox, over IMAP: a copy of each message in Sent, the drafts of
//! `missive drafts`, and reading back what came in (bounces, receipts). An IMAP failure never
//! fails or resends a message the relay accepted: the mailbox comes after delivery.

pub(crate) mod imap;
