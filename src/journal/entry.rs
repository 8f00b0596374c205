//! A line of `missive report`, as both journals make it: one per message, or one per
//! envelope address for a message whose addresses did not all end the same way.

use std::collections::HashMap;

use serde::Serialize;

use super::{AddressStates, State};

/// One line of `missive report`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Entry {
    /// `FILE:LINE` in the recipient list.
    pub row: String,
    pub to: String,
    /// `sent`, `failed`, `deferred`, `uncertain`, `pending` or `skipped`.
    pub status: &'static str,
    pub code: Option<u16>,
    pub reply: String,
    pub message_id: String,
    pub attempts: u32,
    /// When the state last changed (RFC 3339, UTC); empty for a message never tried.
    pub time: String,
    /// The relay of the last outcome (its URL, never credentials); empty when none.
    pub relay: String,
    /// The recipient key; `None` for a skipped row. Not printed: a merged report uses it to
    /// find a recipient in two journals.
    #[serde(skip)]
    pub key: Option<String>,
}

/// A row's columns as both journals keep them (a recipient, or a skipped row).
pub(super) struct Stored {
    pub row: String,
    pub to: String,
    pub code: Option<u16>,
    pub reply: Option<String>,
    pub message_id: String,
    pub attempts: u32,
    /// Unix seconds.
    pub updated: i64,
    pub key: Option<String>,
    pub relay: Option<String>,
}

impl Entry {
    /// A report line from a stored row; `state` is `None` for a row the run left out.
    pub(super) fn from_stored(state: Option<State>, stored: Stored) -> Self {
        let (status, reply) = match state {
            None => ("skipped", stored.reply.unwrap_or_default()),
            // In flight now, or left by a run that died: it may have been delivered.
            Some(State::Sending) => (
                State::Uncertain.as_str(),
                "being sent, or its run was stopped: it may have been delivered".into(),
            ),
            Some(state) => (state.as_str(), stored.reply.unwrap_or_default()),
        };
        let untried = status == "pending" && stored.attempts == 0;
        Entry {
            row: stored.row,
            to: stored.to,
            status,
            code: stored.code,
            reply,
            message_id: stored.message_id,
            attempts: stored.attempts,
            time: if untried {
                String::new()
            } else {
                rfc3339(stored.updated)
            },
            relay: stored.relay.unwrap_or_default(),
            key: stored.key,
        }
    }
}

/// One address of a message with per-address outcomes, as both journals keep it.
pub(super) struct StoredAddress {
    pub address: String,
    pub state: State,
    pub code: Option<u16>,
    pub reply: Option<String>,
    pub attempts: u32,
    /// Unix seconds.
    pub updated: i64,
}

/// The state of each address, by key.
pub(super) fn states_of(addresses: HashMap<String, Vec<StoredAddress>>) -> AddressStates {
    addresses
        .into_iter()
        .map(|(key, addresses)| {
            let states = addresses.into_iter().map(|a| (a.address, a.state));
            (key, states.collect())
        })
        .collect()
}

/// `entries` with each message that has per-address outcomes (in `addresses`, by key, each
/// message's in envelope order) replaced by one entry per address: same row, Message-ID and
/// relay, the address as `to`, its own status, code, reply, attempts and time.
pub(super) fn expand(
    entries: Vec<Entry>,
    mut addresses: HashMap<String, Vec<StoredAddress>>,
) -> Vec<Entry> {
    if addresses.is_empty() {
        return entries;
    }
    let mut expanded = Vec::with_capacity(entries.len());
    for entry in entries {
        let Some(each) = entry.key.as_deref().and_then(|key| addresses.remove(key)) else {
            expanded.push(entry);
            continue;
        };
        for address in each {
            let stored = Stored {
                row: entry.row.clone(),
                to: address.address,
                code: address.code,
                reply: address.reply,
                message_id: entry.message_id.clone(),
                attempts: address.attempts,
                updated: address.updated,
                key: entry.key.clone(),
                relay: Some(entry.relay.clone()).filter(|relay| !relay.is_empty()),
            };
            expanded.push(Entry::from_stored(Some(address.state), stored));
        }
    }
    expanded
}

/// `2026-11-03T14:05:09Z` for a count of Unix seconds.
pub(crate) fn rfc3339(unix: i64) -> String {
    let seconds = unix.rem_euclid(86_400);
    let (year, month, day) = crate::calendar::civil_date(unix.div_euclid(86_400));
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}
