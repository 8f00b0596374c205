//! Outcomes per envelope address. A message goes to every address of its row (To, Cc,
//! Bcc); when they do not all end the same way (a `550` to one Cc, a `451` greylisting
//! another), the journal keeps each address's last outcome beside the message's, and the
//! message's state is theirs taken together ([`AGGREGATE`]). A later attempt goes to the
//! addresses still to send only, so nobody gets the message twice.
//!
//! A message whose addresses all ended the same way has no such rows: a campaign of plain
//! messages writes nothing more than before.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use rusqlite::{Transaction, params};

use super::State;
use crate::compose::Outgoing;
use crate::deliver::Delivered;
use crate::recipients::address::normalise;

/// What became of one envelope address, as the journal keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AddressAnswer {
    /// Normalised (lower case), as in the message's key.
    pub address: String,
    pub state: State,
    pub code: Option<u16>,
    pub reply: String,
}

/// The state of each address of the messages that have per-address outcomes, by key.
pub(crate) type AddressStates = HashMap<String, Vec<(String, State)>>;

/// The order in which an address's state decides the message's (`ORDER BY` it, the latest
/// first among equals): deferred while any address is deferred, else uncertain if any is,
/// else sent if any address got it, else failed. `sending` comes first: a message with an
/// address in flight is in flight.
pub(super) const AGGREGATE: &str = "CASE state WHEN 'sending' THEN 0 WHEN 'deferred' THEN 1 \
     WHEN 'uncertain' THEN 2 WHEN 'sent' THEN 3 ELSE 4 END, updated DESC";

/// The file journal's table of them, in `schema` (`main`; `temp` to read an older journal
/// as if it had one, empty). A journal of schema 2 has it; an older one gets it when `send`
/// opens it.
pub(super) fn create_table(schema: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {schema}.addresses ( -- each address's last outcome, for
                                -- messages whose addresses did not all end the same way
            key        TEXT NOT NULL,      -- the message's (recipients.key)
            address    TEXT NOT NULL,      -- one envelope address, normalised as in the key
            ord        INTEGER NOT NULL,   -- its place in the envelope (To, Cc, Bcc)
            state      TEXT NOT NULL,
            code       INTEGER,
            reply      TEXT,
            attempts   INTEGER NOT NULL DEFAULT 0,
            updated    INTEGER NOT NULL,   -- Unix seconds
            PRIMARY KEY (key, address)
        ) WITHOUT ROWID;"
    )
}

/// The keys of the messages with per-address outcomes, known to the sessions of a run (those
/// the journal had at its start, and those recorded since): the attempt on such a message
/// says which addresses it goes to, and its outcome is kept per address even when they all
/// end the same way. Asking costs one atomic read while no message has any.
#[derive(Debug, Default)]
pub(super) struct PerAddress {
    any: AtomicBool,
    keys: Mutex<HashSet<String>>,
}

impl PerAddress {
    pub(super) fn new(keys: HashSet<String>) -> Self {
        Self {
            any: AtomicBool::new(!keys.is_empty()),
            keys: Mutex::new(keys),
        }
    }

    fn contains(&self, key: &str) -> bool {
        self.any.load(Ordering::Acquire)
            && self
                .keys
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains(key)
    }

    fn insert(&self, key: &str) {
        self.keys
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.to_string());
        self.any.store(true, Ordering::Release);
    }

    /// The addresses `message` is about to go to, when its message has per-address
    /// outcomes (they are in flight from now on); none otherwise.
    pub(super) fn in_flight(&self, message: &Outgoing) -> Vec<String> {
        if !self.contains(&message.key) {
            return Vec::new();
        }
        message.envelope.to().iter().map(normalise).collect()
    }

    /// The outcome of each address of `delivered`'s attempt, when they differ or when its
    /// message had per-address outcomes before; none otherwise.
    pub(super) fn answers(&self, delivered: &Delivered) -> Vec<AddressAnswer> {
        if !delivered.addresses.is_empty() {
            self.insert(&delivered.message.key);
            return delivered
                .addresses
                .iter()
                .map(|each| {
                    let (state, reply) = State::after(&each.outcome);
                    AddressAnswer {
                        address: each.address.to_lowercase(),
                        state,
                        code: reply.code,
                        reply: reply.text.clone(),
                    }
                })
                .collect();
        }
        if !self.contains(&delivered.message.key) {
            return Vec::new();
        }
        let (state, reply) = State::after(&delivered.outcome);
        delivered
            .message
            .envelope
            .to()
            .iter()
            .map(|address| AddressAnswer {
                address: normalise(address),
                state,
                code: reply.code,
                reply: reply.text.clone(),
            })
            .collect()
    }
}

/// Keeps each address's outcome; `count_attempt`: the attempt is new (not read again from
/// the mark log). Then the message's state is theirs taken together ([`aggregate`]).
pub(super) fn write(
    transaction: &Transaction<'_>,
    key: &str,
    answers: &[AddressAnswer],
    now: i64,
    count_attempt: bool,
) -> rusqlite::Result<()> {
    if answers.is_empty() {
        return Ok(());
    }
    let mut upsert = transaction.prepare_cached(
        "INSERT INTO addresses (key, address, ord, state, code, reply, attempts, updated)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6,
                 COALESCE((SELECT attempts FROM recipients WHERE key = ?1), 1), ?7)
         ON CONFLICT (key, address) DO UPDATE SET state = excluded.state,
             code = excluded.code, reply = excluded.reply, updated = excluded.updated,
             attempts = attempts + ?8",
    )?;
    for (ord, answer) in answers.iter().enumerate() {
        upsert.execute(params![
            key,
            answer.address,
            i64::try_from(ord).unwrap_or(i64::MAX),
            answer.state.as_str(),
            answer.code,
            answer.reply,
            now,
            i64::from(count_attempt)
        ])?;
    }
    aggregate(transaction, key)
}

/// The message of `key` takes the state (with its code and reply) its addresses make
/// together ([`AGGREGATE`]).
pub(super) fn aggregate(transaction: &Transaction<'_>, key: &str) -> rusqlite::Result<()> {
    transaction
        .prepare_cached(&format!(
            "UPDATE recipients SET (state, code, reply) = (
                 SELECT state, code, reply FROM addresses WHERE addresses.key = recipients.key
                 ORDER BY {AGGREGATE} LIMIT 1)
             WHERE key = ?1"
        ))?
        .execute([key])
        .map(drop)
}

/// These addresses of `key`'s message are in flight (a mark read back from the log may
/// name one whose outcome the journal never heard of: it is added).
pub(super) fn mark(
    transaction: &Transaction<'_>,
    key: &str,
    addresses: &[String],
    now: i64,
) -> rusqlite::Result<()> {
    let mut statement = transaction.prepare_cached(
        "INSERT INTO addresses (key, address, ord, state, attempts, updated)
         VALUES (?1, ?2, ?3, 'sending',
                 COALESCE((SELECT attempts FROM recipients WHERE key = ?1), 1), ?4)
         ON CONFLICT (key, address) DO UPDATE SET state = 'sending', updated = excluded.updated",
    )?;
    for (ord, address) in addresses.iter().enumerate() {
        statement.execute(params![
            key,
            address,
            i64::try_from(ord).unwrap_or(i64::MAX),
            now
        ])?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "addresses_tests.rs"]
pub(super) mod tests;
