//! What `missive collect` read back, in the shared journal: the same facts and cursors as
//! the file journal's (`journal/returns.rs`), one campaign among others.

use std::collections::HashMap;

use super::{PgJournal, pg};
use crate::journal::{Cursor, JournalError, Recorded, Return, ReturnKind, now};

pub(super) fn messages_by_id(
    journal: &PgJournal,
) -> Result<HashMap<String, Recorded>, JournalError> {
    let rows = journal
        .client_for_reading()
        .query(
            "SELECT message_id, key, to_display FROM missive_recipients WHERE campaign = $1",
            &[&journal.campaign],
        )
        .map_err(pg(&journal.name))?;
    Ok(rows
        .iter()
        .map(|row| {
            (
                row.get(0),
                Recorded {
                    key: row.get(1),
                    to: row.get(2),
                },
            )
        })
        .collect())
}

pub(super) fn cursor(journal: &PgJournal, folder: &str) -> Result<Option<Cursor>, JournalError> {
    let row = journal
        .client_for_reading()
        .query_opt(
            "SELECT uid_validity, last_uid FROM missive_cursors
             WHERE campaign = $1 AND folder = $2",
            &[&journal.campaign, &folder],
        )
        .map_err(pg(&journal.name))?;
    Ok(row.map(|row| Cursor {
        uid_validity: u32::try_from(row.get::<_, i64>(0)).unwrap_or(0),
        last_uid: u32::try_from(row.get::<_, i64>(1)).unwrap_or(0),
    }))
}

pub(super) fn record_returns(
    journal: &mut PgJournal,
    facts: &[Return],
    folder: &str,
    cursor: Cursor,
) -> Result<(), JournalError> {
    let on = pg(&journal.name);
    let campaign = journal.campaign.clone();
    let mut transaction = journal.client.get_mut().transaction().map_err(&on)?;
    let statement = transaction
        .prepare(
            "INSERT INTO missive_returns (campaign, key, address, kind, at, status, diagnostic)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (campaign, key, address, kind) DO UPDATE SET at = excluded.at,
                 status = excluded.status, diagnostic = excluded.diagnostic",
        )
        .map_err(&on)?;
    for fact in facts {
        transaction
            .execute(
                &statement,
                &[
                    &campaign,
                    &fact.key,
                    &fact.address,
                    &fact.kind.as_str(),
                    &fact.at,
                    &fact.status,
                    &fact.diagnostic,
                ],
            )
            .map_err(&on)?;
    }
    transaction
        .execute(
            "INSERT INTO missive_cursors (campaign, folder, uid_validity, last_uid, at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (campaign, folder) DO UPDATE SET uid_validity = excluded.uid_validity,
                 last_uid = excluded.last_uid, at = excluded.at",
            &[
                &campaign,
                &folder,
                &i64::from(cursor.uid_validity),
                &i64::from(cursor.last_uid),
                &now(),
            ],
        )
        .map_err(&on)?;
    transaction.commit().map_err(&on)
}

pub(super) fn returns(journal: &PgJournal) -> Result<HashMap<String, Vec<Return>>, JournalError> {
    let mut client = journal.client_for_reading();
    // A database only read (`status`), set up by an earlier missive, has no such table.
    let present: bool = client
        .query_one("SELECT to_regclass('missive_returns') IS NOT NULL", &[])
        .map_err(pg(&journal.name))?
        .get(0);
    let mut by_key: HashMap<String, Vec<Return>> = HashMap::new();
    if !present {
        return Ok(by_key);
    }
    let rows = client
        .query(
            "SELECT key, address, kind, at, status, diagnostic FROM missive_returns
             WHERE campaign = $1 ORDER BY key, address, kind",
            &[&journal.campaign],
        )
        .map_err(pg(&journal.name))?;
    for row in rows {
        let Some(kind) = ReturnKind::parse(row.get(2)) else {
            continue;
        };
        let key: String = row.get(0);
        by_key.entry(key.clone()).or_default().push(Return {
            key,
            address: row.get(1),
            kind,
            at: row.get(3),
            status: row.get(4),
            diagnostic: row.get(5),
        });
    }
    Ok(by_key)
}
