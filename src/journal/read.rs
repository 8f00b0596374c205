//! What `status` and `report` read from a journal: counts per state, and one entry per
//! recipient in the list's order.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Journal, JournalError, State, sql};

/// How many recipients are in each state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Recipients of the list as the last `send` read it.
    pub listed: BTreeMap<State, usize>,
    /// Rows the list no longer has, kept because something was tried for them.
    pub unlisted: BTreeMap<State, usize>,
    /// Rows the last `send` left out (invalid, duplicate).
    pub skipped: usize,
}

impl Counts {
    /// Listed recipients in `state`.
    pub(crate) fn listed(&self, state: State) -> usize {
        self.listed.get(&state).copied().unwrap_or(0)
    }

    /// All listed recipients.
    pub(crate) fn listed_total(&self) -> usize {
        self.listed.values().sum()
    }

    /// Whether every listed recipient got the message.
    pub(crate) fn all_sent(&self) -> bool {
        self.listed_total() == self.listed(State::Sent)
    }

    /// What to do next, in plain words, one line per kind of recipient left.
    pub(crate) fn next_steps(&self) -> Vec<String> {
        let advice = [
            (
                self.listed(State::Pending) + self.listed(State::Deferred),
                "recipient(s) still to send: run `missive send` to go on (what was sent is not sent again)",
            ),
            (
                self.listed(State::Sending),
                "being sent now, or left by a run that was killed: the next `missive send` counts them uncertain",
            ),
            (
                self.listed(State::Uncertain),
                "may have been delivered (their run stopped before the relay replied): check `missive report`, then `missive send --retry-uncertain` sends them again with the same Message-ID",
            ),
            (
                self.listed(State::Failed),
                "refused by the relay: see why with `missive report`, correct the list, then run `missive send --retry-failed`",
            ),
        ];
        let mut steps: Vec<String> = advice
            .iter()
            .filter(|(count, _)| *count > 0)
            .map(|(count, what)| format!("`{count}` {what}"))
            .collect();
        if steps.is_empty() {
            steps.push(if self.listed_total() == 0 {
                "nothing recorded yet: run `missive send`".to_string()
            } else {
                "every recipient got the message: nothing left to do".to_string()
            });
        }
        steps
    }
}

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
        let skipped: i64 = self
            .connection
            .query_row("SELECT COUNT(*) FROM skipped", [], |row| row.get(0))
            .map_err(&on)?;
        counts.skipped = usize::try_from(skipped).unwrap_or(0);
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
    let seconds = unix.rem_euclid(86_400);
    let (year, month, day) = crate::calendar::civil_date(unix.div_euclid(86_400));
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}
