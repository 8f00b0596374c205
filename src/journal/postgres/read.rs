//! What `status` and `report` read from a shared journal: the whole campaign, whichever
//! sender wrote each row.

use std::collections::{BTreeMap, HashMap};

use super::{PgJournal, pg};
use crate::journal::counts::{NAMED, RefusedAddress, reply};
use crate::journal::entry::{Stored, StoredAddress, expand, states_of};
use crate::journal::{AddressStates, Counts, EarlierRevision, Entry, JournalError, LeftOut, State};

pub(super) fn states(journal: &PgJournal) -> Result<HashMap<String, State>, JournalError> {
    let mut client = journal.client_for_reading();
    let rows = client
        .query(
            "SELECT key, state FROM missive_recipients WHERE campaign = $1",
            &[&journal.campaign],
        )
        .map_err(pg(&journal.name))?;
    let mut states = HashMap::with_capacity(rows.len());
    for row in rows {
        let word: String = row.get(1);
        states.insert(row.get(0), journal.state(&word)?);
    }
    Ok(states)
}

pub(super) fn counts(journal: &PgJournal) -> Result<Counts, JournalError> {
    let on = pg(&journal.name);
    let mut client = journal.client_for_reading();
    let rows = client
        .query(
            // A `sending` row whose sender's lease ran out is counted as what the next
            // sender will make it: uncertain.
            "SELECT CASE WHEN r.state = 'sending' AND NOT EXISTS (
                        SELECT 1 FROM missive_senders s
                        WHERE s.id = r.owner AND s.lease_until >= clock_timestamp())
                    THEN 'uncertain' ELSE r.state END,
                    r.position IS NOT NULL, COUNT(*)
             FROM missive_recipients r WHERE r.campaign = $1 GROUP BY 1, 2",
            &[&journal.campaign],
        )
        .map_err(&on)?;
    let mut counts = Counts::default();
    for row in rows {
        let word: String = row.get(0);
        let state = journal.state(&word)?;
        let side = if row.get::<_, bool>(1) {
            &mut counts.listed
        } else {
            &mut counts.unlisted
        };
        *side.entry(state).or_default() += usize::try_from(row.get::<_, i64>(2)).unwrap_or(0);
    }
    let rows = client
        .query(
            "SELECT duplicate, suppressed, COUNT(*) FROM missive_skipped WHERE campaign = $1
             GROUP BY 1, 2",
            &[&journal.campaign],
        )
        .map_err(&on)?;
    for row in rows {
        counts.left_out(row.get(0), row.get(1), row.get(2));
    }
    let named = i64::try_from(NAMED).unwrap_or(i64::MAX);
    counts.skipped_rows = client
        .query(
            "SELECT row, reason FROM missive_skipped WHERE campaign = $1 AND NOT duplicate
               AND NOT suppressed ORDER BY position LIMIT $2",
            &[&journal.campaign, &named],
        )
        .map_err(&on)?
        .into_iter()
        .map(|row| LeftOut {
            row: row.get(0),
            reason: row.get(1),
        })
        .collect();
    counts.deferred_reply = client
        .query_opt(
            "SELECT code, reply FROM missive_recipients WHERE campaign = $1
               AND state = 'deferred' AND position IS NOT NULL ORDER BY updated DESC LIMIT 1",
            &[&journal.campaign],
        )
        .map_err(&on)?
        .map(|row| {
            let text: Option<String> = row.get(1);
            reply(code_of(row.get(0)), &text.unwrap_or_default())
        });
    let rows = client
        .query(
            "SELECT r.row, a.address, a.code, a.reply, COUNT(*) OVER ()
             FROM missive_addresses a JOIN missive_recipients r
                 ON r.campaign = a.campaign AND r.key = a.key
             WHERE a.campaign = $1 AND a.state = 'failed' AND r.position IS NOT NULL
               AND EXISTS (SELECT 1 FROM missive_addresses b WHERE b.campaign = a.campaign
                           AND b.key = a.key AND b.state <> 'failed')
             ORDER BY r.position, a.ord LIMIT $2",
            &[&journal.campaign, &named],
        )
        .map_err(&on)?;
    for row in rows {
        counts.refused = usize::try_from(row.get::<_, i64>(4)).unwrap_or(0);
        counts.refused_addresses.push(RefusedAddress {
            row: row.get(0),
            address: row.get(1),
            code: code_of(row.get(2)),
            reply: row.get::<_, Option<String>>(3).unwrap_or_default(),
        });
    }
    Ok(counts)
}

/// A reply code as the database keeps it.
fn code_of(code: Option<i32>) -> Option<u16> {
    code.and_then(|code| u16::try_from(code).ok())
}

pub(super) fn relay_counts(
    journal: &PgJournal,
) -> Result<BTreeMap<String, BTreeMap<State, usize>>, JournalError> {
    let mut client = journal.client_for_reading();
    let rows = client
        .query(
            "SELECT relay, state, COUNT(*) FROM missive_recipients
             WHERE campaign = $1 AND relay IS NOT NULL GROUP BY 1, 2",
            &[&journal.campaign],
        )
        .map_err(pg(&journal.name))?;
    let mut counts: BTreeMap<String, BTreeMap<State, usize>> = BTreeMap::new();
    for row in rows {
        let word: String = row.get(1);
        let state = journal.state(&word)?;
        *counts
            .entry(row.get(0))
            .or_default()
            .entry(state)
            .or_default() += usize::try_from(row.get::<_, i64>(2)).unwrap_or(0);
    }
    Ok(counts)
}

pub(super) fn entries(journal: &PgJournal) -> Result<Vec<Entry>, JournalError> {
    let mut client = journal.client_for_reading();
    let rows = client
        .query(
            "SELECT * FROM (
                 SELECT position, row, to_display, state, code, reply, message_id, attempts,
                        updated, key, relay
                 FROM missive_recipients WHERE campaign = $1
                 UNION ALL
                 SELECT position, row, '',
                        CASE WHEN suppressed THEN 'suppressed' ELSE 'skipped' END,
                        NULL, reason, '', 0, at, NULL, NULL
                 FROM missive_skipped WHERE campaign = $1
             ) AS everyone ORDER BY position IS NULL, position, row",
            &[&journal.campaign],
        )
        .map_err(pg(&journal.name))?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let word: String = row.get(3);
        let state = match crate::journal::entry::left_out(&word) {
            Some(left_out) => Err(left_out),
            None => Ok(journal.state(&word)?),
        };
        let stored = Stored {
            row: row.get(1),
            to: row.get(2),
            code: code_of(row.get(4)),
            reply: row.get(5),
            message_id: row.get(6),
            attempts: u32::try_from(row.get::<_, i32>(7)).unwrap_or(0),
            updated: row.get(8),
            key: row.get(9),
            relay: row.get(10),
        };
        entries.push(Entry::from_stored(state, stored));
    }
    drop(client);
    Ok(expand(entries, stored_addresses(journal)?))
}

/// The addresses of every message with per-address outcomes, by key, each message's in
/// envelope order.
fn stored_addresses(
    journal: &PgJournal,
) -> Result<HashMap<String, Vec<StoredAddress>>, JournalError> {
    let rows = journal
        .client_for_reading()
        .query(
            "SELECT key, address, state, code, reply, attempts, updated FROM missive_addresses
             WHERE campaign = $1 ORDER BY key, ord",
            &[&journal.campaign],
        )
        .map_err(pg(&journal.name))?;
    let mut addresses: HashMap<String, Vec<StoredAddress>> = HashMap::new();
    for row in rows {
        let word: String = row.get(2);
        addresses
            .entry(row.get(0))
            .or_default()
            .push(StoredAddress {
                address: row.get(1),
                state: journal.state(&word)?,
                code: code_of(row.get(3)),
                reply: row.get(4),
                attempts: u32::try_from(row.get::<_, i32>(5)).unwrap_or(0),
                updated: row.get(6),
            });
    }
    Ok(addresses)
}

pub(super) fn address_states(journal: &PgJournal) -> Result<AddressStates, JournalError> {
    Ok(states_of(stored_addresses(journal)?))
}

pub(super) fn earlier_revision(
    journal: &PgJournal,
    current: &str,
) -> Result<Option<EarlierRevision>, JournalError> {
    let on = pg(&journal.name);
    let mut client = journal.client_for_reading();
    let accepted: Option<String> = client
        .query_opt(
            "SELECT revision FROM missive_campaigns WHERE campaign = $1",
            &[&journal.campaign],
        )
        .map_err(&on)?
        .and_then(|row| row.get(0));
    if accepted.as_deref() == Some(current) {
        return Ok(None);
    }
    let row = client
        .query_one(
            "SELECT COUNT(*) FILTER (WHERE state = 'sent'), COUNT(*) FILTER (WHERE state = 'uncertain')
             FROM missive_recipients
             WHERE campaign = $1 AND revision IS NOT NULL AND revision <> $2",
            &[&journal.campaign, &current],
        )
        .map_err(&on)?;
    let earlier = EarlierRevision {
        sent: usize::try_from(row.get::<_, i64>(0)).unwrap_or(0),
        uncertain: usize::try_from(row.get::<_, i64>(1)).unwrap_or(0),
    };
    Ok((earlier.sent + earlier.uncertain > 0).then_some(earlier))
}
