//! A line of `missive report`, as both journals make it: one per message, or one per
//! envelope address for a message whose addresses did not all end the same way.

use std::collections::HashMap;

use serde::Serialize;

use super::{AddressStates, Return, ReturnKind, State};

/// One line of `missive report`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Entry {
    /// `FILE:LINE` in the recipient list.
    pub row: String,
    pub to: String,
    /// `sent`, `failed`, `deferred`, `uncertain`, `pending`, `drafted`, `skipped` or
    /// `suppressed`.
    pub status: &'static str,
    pub code: Option<u16>,
    pub reply: String,
    pub message_id: String,
    pub attempts: u32,
    /// When the state last changed (RFC 3339, UTC); empty for a message never tried.
    pub time: String,
    /// The relay of the last outcome (its URL, never credentials); empty when none.
    pub relay: String,
    /// What came back after the relay's 250, as `missive collect` read it: `bounced`,
    /// `delayed` or `delivered` (empty: nothing), when, the status code and the diagnostic.
    pub returned: &'static str,
    pub returned_time: String,
    pub returned_status: String,
    pub returned_diagnostic: String,
    /// When a read receipt says it was shown to its reader; empty: none came back.
    pub read_time: String,
    /// The recipient key; `None` for a skipped row. Not printed: a merged report uses it to
    /// find a recipient in two journals.
    #[serde(skip)]
    pub key: Option<String>,
}

/// The status of a row left out, from the word its query gives: `skipped` (broken, with
/// `--skip-invalid`, or a duplicate) or `suppressed` (its addresses bounced for good);
/// `None` for a recipient's state.
pub(super) fn left_out(word: &str) -> Option<&'static str> {
    ["skipped", "suppressed"]
        .into_iter()
        .find(|left_out| *left_out == word)
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
    /// An entry of the journal: a recipient in `state`, or a row left out (`Err`: the word
    /// its status shows, see [`left_out`]).
    pub(super) fn from_stored(state: Result<State, &'static str>, stored: Stored) -> Self {
        let (status, reply) = match state.ok() {
            None => (
                state.err().unwrap_or("skipped"),
                stored.reply.unwrap_or_default(),
            ),
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
            returned: "",
            returned_time: String::new(),
            returned_status: String::new(),
            returned_diagnostic: String::new(),
            read_time: String::new(),
            key: stored.key,
        }
    }

    /// Fills the columns of what came back (`returns`, by message key) for this line's
    /// address: its own, or for a line of a whole message, its first address's. A bounce
    /// wins over a delay, a delay over a delivery.
    pub(crate) fn add_returns(&mut self, returns: &HashMap<String, Vec<Return>>) {
        let Some(facts) = self.key.as_deref().and_then(|key| returns.get(key)) else {
            return;
        };
        let address = if self.to.contains('@') && !self.to.contains('<') {
            self.to.to_lowercase()
        } else {
            let key = self.key.as_deref().unwrap_or_default();
            key.split(',').next().unwrap_or_default().to_string()
        };
        let mine = facts.iter().filter(|fact| fact.address == address);
        let mut outcome: Option<&Return> = None;
        for fact in mine {
            if fact.kind == ReturnKind::Read {
                self.read_time = rfc3339(fact.at);
            } else if outcome.is_none_or(|o| fact.kind < o.kind) {
                outcome = Some(fact);
            }
        }
        if let Some(fact) = outcome {
            self.returned = fact.kind.as_str();
            self.returned_time = rfc3339(fact.at);
            self.returned_status = fact.status.clone().unwrap_or_default();
            self.returned_diagnostic = fact.diagnostic.clone().unwrap_or_default();
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
            expanded.push(Entry::from_stored(Ok(address.state), stored));
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
