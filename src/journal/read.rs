//! What `status` and `report` read from a file journal: counts per state, and one entry per
//! recipient in the list's order.

use std::collections::BTreeMap;

use serde::Serialize;

use super::counts::{LeftOut, NAMED};
use super::{Counts, Journal, JournalError, State, sql};

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
            .prepare("SELECT duplicate, COUNT(*) FROM skipped GROUP BY 1")
            .map_err(&on)?;
        let rows = statement
            .query_map([], |row| {
                Ok((row.get::<_, bool>(0)?, row.get::<_, i64>(1)?))
            })
            .map_err(&on)?;
        for row in rows {
            let (duplicate, count) = row.map_err(&on)?;
            let count = usize::try_from(count).unwrap_or(0);
            if duplicate {
                counts.duplicates += count;
            } else {
                counts.skipped += count;
            }
        }
        let mut statement = self
            .connection
            .prepare(
                "SELECT row, reason FROM skipped WHERE NOT duplicate ORDER BY position LIMIT ?1",
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
        Ok(counts)
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

    /// Every recipient and skipped row: the list's order, then rows no longer listed.
    pub(crate) fn entries(&self) -> Result<Vec<Entry>, JournalError> {
        let on = sql(&self.path);
        let mut statement = self
            .connection
            .prepare(
                "SELECT * FROM (
                     SELECT position, row, to_display, state, code, reply, message_id, attempts, updated, key, relay
                     FROM recipients
                     UNION ALL
                     SELECT position, row, '', 'skipped', NULL, reason, '', 0, at, NULL, NULL FROM skipped
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
            let state = (word != "skipped").then(|| self.state(&word)).transpose()?;
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
        Ok(entries)
    }
}

/// `2026-11-03T14:05:09Z` for a count of Unix seconds.
pub(crate) fn rfc3339(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let seconds = unix.rem_euclid(86_400);
    // Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}
