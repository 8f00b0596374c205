//! The harness every integration test uses: one way to run the `missive` binary
//! ([`missive`]), one campaign folder builder ([`Campaign`]), the servers the tests send to
//! (the recording [`SmtpServer`] on loopback, a private [`Postfix`], Postfix's [`SmtpSink`],
//! the scripted-fault [`FaultyRelay`], a private [`Postgres`] for the shared journal, the spam
//! filters [`SpamAssassin`] and [`Rspamd`], a private [`Dovecot`] for the mailbox) and what
//! to assert on what they received.
//! A test reads as setup, run, expect:
//!
//! ```ignore
//! let campaign = Campaign::new(3); // campaign.toml, message.md, liste.csv of 3 heads
//! let server = SmtpServer::builder().start(); // on 127.0.0.1, recording what it accepts
//! let sent = run(campaign.send(&server, &["--rate", "unlimited"])); // no MISSIVE_* inherited
//! assert_exit(&sent, 0); // else fails showing what missive printed
//! let received = server.messages(); // in the order their DATA ended
//! let subject = received[0].parsed().subject().map(str::to_owned); // mail-parser's reading
//! assert!(subject.is_some_and(|s| s.starts_with("Rentrée numérique — Directrice ")));
//! assert!(doubles(&received_per_recipient(&server)).is_empty());
//! ```
//!
//! `benches/journal.rs` includes this folder too (by its path), so
//! nothing here may name a test module: what a test file or the bench leaves unused is
//! allowed.
#![allow(dead_code, unused_imports)]

mod campaign;
mod command;
mod dovecot;
mod faulty_relay;
mod journal;
mod machine;
mod postfix;
mod postgres;
mod received;
mod recorder;
mod smtp_server;
mod smtp_sink;
mod spam_filters;
mod tls;

pub use campaign::{Campaign, address};
pub use command::{assert_exit, french, missive, run, spawn, text};
pub use dovecot::{Dovecot, DovecotBuilder, IMAP_PASSWORD, IMAP_USER, ImapLogin};
pub use faulty_relay::{AfterDot, FaultyRelay, Received as RelayReceived, RelayEvent, Script};
pub use journal::{count_statuses, report_lines, signal};
pub use machine::{
    Account, account, ci, eventually, free_port, is_root, skip_without, unprivileged,
};
pub use postfix::Postfix;
pub use postgres::{DB_PASSWORD, Postgres};
pub use received::{assert_once_at_most, doubles, parse_mime, received_per_recipient};
pub use smtp_server::{Event, Received, SmtpServer, SmtpServerBuilder};
pub use smtp_sink::SmtpSink;
pub use spam_filters::{Rspamd, Score, SpamAssassin};
pub use tls::TestCa;

use std::time::Duration;

/// The relay password of the journal's and relays' tests.
pub const PASSWORD: &str = "mot-de-passe-Rentrée";
/// The default number of SMTP sessions at once: at most this many messages are in flight.
pub const CONCURRENCY: usize = 2;

/// How long a test waits for what a run should do soon (a message to arrive, a claim to
/// expire) before it fails.
pub const PATIENCE: Duration = Duration::from_secs(30);
