//! The user's mailbox, read back after a campaign: `missive collect` turns what comes back
//! (bounces, delay warnings, read receipts, out-of-office replies) into journal updates.

pub(crate) mod reports;
