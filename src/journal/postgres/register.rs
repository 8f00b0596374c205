//! Recording the list in a shared journal. Every sender of a campaign records the same list
//! at its start, perhaps while others are sending, so the list is gathered in memory during
//! the first pass and written in one short transaction at the end, touching only the rows
//! that changed: a second sender with the same list locks nothing another sender claims.

use std::collections::HashMap;

use super::{PgJournal, now, pg};
use crate::compose::Outgoing;
use crate::journal::JournalError;
use crate::journal::backend::{Register, Skipped};

/// Rows written per statement.
const CHUNK: usize = 1000;

struct Listed {
    position: i64,
    row: String,
    to: String,
    message_id: String,
}

pub(super) struct PgRegistration<'j> {
    journal: &'j mut PgJournal,
    listed: HashMap<String, Listed>,
    skipped: Vec<(i64, String, String, bool, bool)>,
}

impl<'j> PgRegistration<'j> {
    pub(super) fn new(journal: &'j mut PgJournal) -> Self {
        Self {
            journal,
            listed: HashMap::new(),
            skipped: Vec::new(),
        }
    }
}

fn position_value(position: usize) -> i64 {
    i64::try_from(position).unwrap_or(i64::MAX)
}

impl Register for PgRegistration<'_> {
    fn message(&mut self, position: usize, message: &Outgoing) -> Result<(), JournalError> {
        self.listed.insert(
            message.key.clone(),
            Listed {
                position: position_value(position),
                row: message.at.to_string(),
                to: message.to.clone(),
                message_id: message.message_id.clone(),
            },
        );
        Ok(())
    }

    fn skipped(&mut self, position: usize, skipped: Skipped<'_>) -> Result<(), JournalError> {
        self.skipped.push((
            position_value(position),
            skipped.row.to_string(),
            skipped.reason.to_string(),
            skipped.duplicate,
            skipped.suppressed,
        ));
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), JournalError> {
        let PgRegistration {
            journal,
            listed,
            skipped,
        } = *self;
        let campaign = journal.campaign.clone();
        let on = pg(&journal.name);
        let now = now();
        let mut transaction = journal.client.get_mut().transaction().map_err(&on)?;
        // Senders record their lists one after the other.
        transaction
            .execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&campaign])
            .map_err(&on)?;
        let known: HashMap<String, (Option<i64>, String, String)> = transaction
            .query(
                "SELECT key, position, row, to_display FROM missive_recipients WHERE campaign = $1",
                &[&campaign],
            )
            .map_err(&on)?
            .into_iter()
            .map(|row| (row.get(0), (row.get(1), row.get(2), row.get(3))))
            .collect();
        let mut changed: Vec<(&String, &Listed)> = listed
            .iter()
            .filter(|(key, item)| {
                known.get(*key).is_none_or(|(position, row, to)| {
                    *position != Some(item.position) || *row != item.row || *to != item.to
                })
            })
            .collect();
        changed.sort_by_key(|(_, item)| item.position);
        for chunk in changed.chunks(CHUNK) {
            let keys: Vec<&str> = chunk.iter().map(|(key, _)| key.as_str()).collect();
            let positions: Vec<i64> = chunk.iter().map(|(_, item)| item.position).collect();
            let rows: Vec<&str> = chunk.iter().map(|(_, item)| item.row.as_str()).collect();
            let tos: Vec<&str> = chunk.iter().map(|(_, item)| item.to.as_str()).collect();
            let ids: Vec<&str> = chunk
                .iter()
                .map(|(_, item)| item.message_id.as_str())
                .collect();
            transaction
                .execute(
                    "INSERT INTO missive_recipients
                         (campaign, key, position, row, to_display, message_id, created, updated)
                     SELECT $1, k, p, r, t, m, $7, $7
                     FROM unnest($2::text[], $3::int8[], $4::text[], $5::text[], $6::text[])
                         AS listed (k, p, r, t, m)
                     ON CONFLICT (campaign, key) DO UPDATE SET position = excluded.position,
                         row = excluded.row, to_display = excluded.to_display",
                    &[&campaign, &keys, &positions, &rows, &tos, &ids, &now],
                )
                .map_err(&on)?;
        }
        let gone: Vec<&str> = known
            .iter()
            .filter(|(key, (position, _, _))| position.is_some() && !listed.contains_key(*key))
            .map(|(key, _)| key.as_str())
            .collect();
        if !gone.is_empty() {
            transaction
                .execute(
                    "UPDATE missive_recipients SET position = NULL
                     WHERE campaign = $1 AND key = ANY($2)",
                    &[&campaign, &gone],
                )
                .map_err(&on)?;
            // Forgotten if nothing was ever tried for them and no sender holds them.
            transaction
                .execute(
                    "DELETE FROM missive_recipients
                     WHERE campaign = $1 AND key = ANY($2) AND state = 'pending'
                       AND attempts = 0 AND owner IS NULL",
                    &[&campaign, &gone],
                )
                .map_err(&on)?;
        }
        transaction
            .execute(
                "DELETE FROM missive_skipped WHERE campaign = $1",
                &[&campaign],
            )
            .map_err(&on)?;
        for (position, row, reason, duplicate, suppressed) in &skipped {
            transaction
                .execute(
                    "INSERT INTO missive_skipped
                       (campaign, position, row, reason, at, duplicate, suppressed)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (campaign, position)
                     DO UPDATE SET row = excluded.row, reason = excluded.reason,
                       at = excluded.at, duplicate = excluded.duplicate,
                       suppressed = excluded.suppressed",
                    &[
                        &campaign, position, row, reason, &now, duplicate, suppressed,
                    ],
                )
                .map_err(&on)?;
        }
        transaction.commit().map_err(&on)
    }
}
