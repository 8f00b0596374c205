//! What `status` and `report` read from a file journal: counts per state, and one entry per
//! recipient in the list's order.

use std::collections::{BTreeMap, HashMap};

use rusqlite::OptionalExtension;

use super::counts::{LeftOut, NAMED, RefusedAddress, reply};
use super::entry::{Entry, Stored, StoredAddress, expand, states_of};
use super::{AddressStates, Counts, Journal, JournalError, State, sql};

impl Journal {
    /// Counts per state.
    pub(crate) fn counts(&self) -> Result<Counts, JournalError> {
        let on = sql(&self.path);
        let mut statement = self
            .connection
            .prepare("SELECT state, position IS NOT NULL, COUNT(*) FROM recipients GROUP BY 1, 2")
            .map_err(&on)?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, bool>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })
            .map_err(&on)?;
        let mut counts = Counts::default();
        for row in rows {
            let (word, listed, count) = row.map_err(&on)?;
            let state = self.state(&word)?;
            let side = if listed {
                &mut counts.listed
            } else {
                &mut counts.unlisted
            };
            *side.entry(state).or_default() += usize::try_from(count).unwrap_or(0);
        }
        let mut statement = self
            .connection
            .prepare("SELECT duplicate, suppressed, COUNT(*) FROM skipped GROUP BY 1, 2")
            .map_err(&on)?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, bool>(0)?,
                    row.get::<_, bool>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })
            .map_err(&on)?;
        for row in rows {
            let (duplicate, suppressed, count) = row.map_err(&on)?;
            counts.left_out(duplicate, suppressed, count);
        }
        let mut statement = self
            .connection
            .prepare(
                "SELECT row, reason FROM skipped WHERE NOT duplicate AND NOT suppressed
                 ORDER BY position LIMIT ?1",
            )
            .map_err(&on)?;
        let rows = statement
            .query_map([i64::try_from(NAMED).unwrap_or(i64::MAX)], |row| {
                Ok(LeftOut {
                    row: row.get(0)?,
                    reason: row.get(1)?,
                })
            })
            .map_err(&on)?;
        counts.skipped_rows = rows.collect::<Result<_, _>>().map_err(&on)?;
        self.notes(&mut counts).map_err(&on)?;
        Ok(counts)
    }

    /// What `status` quotes besides the counts: the last reply of a deferred recipient,
    /// and the addresses refused in messages that reached their other addresses.
    fn notes(&self, counts: &mut Counts) -> rusqlite::Result<()> {
        counts.deferred_reply = self
            .connection
            .query_row(
                "SELECT code, reply FROM recipients WHERE state = 'deferred'
                   AND position IS NOT NULL ORDER BY updated DESC LIMIT 1",
                [],
                |row| {
                    let text: Option<String> = row.get(1)?;
                    Ok(reply(row.get(0)?, &text.unwrap_or_default()))
                },
            )
            .optional()?;
        let mut statement = self.connection.prepare(
            "SELECT r.row, a.address, a.code, a.reply, COUNT(*) OVER ()
             FROM addresses a JOIN recipients r ON r.key = a.key
             WHERE a.state = 'failed' AND r.position IS NOT NULL
               AND EXISTS (SELECT 1 FROM addresses b WHERE b.key = a.key AND b.state <> 'failed')
             ORDER BY r.position, a.ord LIMIT ?1",
        )?;
        let rows = statement.query_map([i64::try_from(NAMED).unwrap_or(i64::MAX)], |row| {
            let refused = RefusedAddress {
                row: row.get(0)?,
                address: row.get(1)?,
                code: row.get(2)?,
                reply: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
            };
            Ok((refused, row.get::<_, i64>(4)?))
        })?;
        for row in rows {
            let (refused, total) = row?;
            counts.refused = usize::try_from(total).unwrap_or(0);
            counts.refused_addresses.push(refused);
        }
        Ok(())
    }

    /// Counts per relay and state of the outcomes recorded with a relay (listed or not),
    /// by relay URL. Rows never answered by a relay are left out.
    pub(crate) fn relay_counts(
        &self,
    ) -> Result<BTreeMap<String, BTreeMap<State, usize>>, JournalError> {
        let on = sql(&self.path);
        let mut statement = self
            .connection
            .prepare(
                "SELECT relay, state, COUNT(*) FROM recipients WHERE relay IS NOT NULL GROUP BY 1, 2",
            )
            .map_err(&on)?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })
            .map_err(&on)?;
        let mut counts: BTreeMap<String, BTreeMap<State, usize>> = BTreeMap::new();
        for row in rows {
            let (relay, word, count) = row.map_err(&on)?;
            let state = self.state(&word)?;
            *counts.entry(relay).or_default().entry(state).or_default() +=
                usize::try_from(count).unwrap_or(0);
        }
        Ok(counts)
    }

    /// Every recipient and skipped row: the list's order, then rows no longer listed; a
    /// message with per-address outcomes is one entry per address.
    pub(crate) fn entries(&self) -> Result<Vec<Entry>, JournalError> {
        let on = sql(&self.path);
        let mut statement = self
            .connection
            .prepare(
                "SELECT * FROM (
                     SELECT position, row, to_display, state, code, reply, message_id, attempts, updated, key, relay
                     FROM recipients
                     UNION ALL
                     SELECT position, row, '',
                            CASE WHEN suppressed THEN 'suppressed' ELSE 'skipped' END,
                            NULL, reason, '', 0, at, NULL, NULL FROM skipped
                 ) ORDER BY position IS NULL, position, row",
            )
            .map_err(&on)?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<u16>>(4)?,
                    row.get::<_, Option<String>>(5)?,
                    row.get::<_, String>(6)?,
                    row.get::<_, u32>(7)?,
                    row.get::<_, i64>(8)?,
                    row.get::<_, Option<String>>(9)?,
                    row.get::<_, Option<String>>(10)?,
                ))
            })
            .map_err(&on)?;
        let mut entries = Vec::new();
        for row in rows {
            let (row, to, word, code, reply, message_id, attempts, updated, key, relay) =
                row.map_err(&on)?;
            let state = match super::entry::left_out(&word) {
                Some(left_out) => Err(left_out),
                None => Ok(self.state(&word)?),
            };
            entries.push(Entry::from_stored(
                state,
                Stored {
                    row,
                    to,
                    code,
                    reply,
                    message_id,
                    attempts,
                    updated,
                    key,
                    relay,
                },
            ));
        }
        Ok(expand(entries, self.stored_addresses()?))
    }

    /// The addresses of every message with per-address outcomes, by key, each message's in
    /// envelope order.
    fn stored_addresses(&self) -> Result<HashMap<String, Vec<StoredAddress>>, JournalError> {
        let on = sql(&self.path);
        let mut statement = self
            .connection
            .prepare(
                "SELECT key, address, state, code, reply, attempts, updated FROM addresses
                 ORDER BY key, ord",
            )
            .map_err(&on)?;
        let rows = statement
            .query_map([], |row| {
                // Its state is read below, where a word this missive does not know is the
                // journal's error.
                let address = StoredAddress {
                    address: row.get(1)?,
                    state: State::Pending,
                    code: row.get(3)?,
                    reply: row.get(4)?,
                    attempts: row.get(5)?,
                    updated: row.get(6)?,
                };
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(2)?, address))
            })
            .map_err(&on)?;
        let mut addresses: HashMap<String, Vec<StoredAddress>> = HashMap::new();
        for row in rows {
            let (key, word, mut address) = row.map_err(&on)?;
            address.state = self.state(&word)?;
            addresses.entry(key).or_default().push(address);
        }
        Ok(addresses)
    }

    /// The state of each address of the messages with per-address outcomes.
    pub(crate) fn address_states(&self) -> Result<AddressStates, JournalError> {
        Ok(states_of(self.stored_addresses()?))
    }
}
