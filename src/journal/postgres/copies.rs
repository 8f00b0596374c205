//! The copies put in the mailbox, in the shared journal: the same as the file journal's
//! (`journal/copies.rs`), one campaign among others.

use std::collections::HashMap;

use super::{PgJournal, pg};
use crate::journal::{Accepted, Copy, CopyKind, CopyMark, CopyState, JournalError, now};

pub(super) fn copies(
    journal: &PgJournal,
    kind: CopyKind,
) -> Result<HashMap<String, Copy>, JournalError> {
    let mut client = journal.client_for_reading();
    // A database only read (`status`), set up by an earlier missive, has no such table.
    let present: bool = client
        .query_one("SELECT to_regclass('missive_copies') IS NOT NULL", &[])
        .map_err(pg(&journal.name))?
        .get(0);
    if !present {
        return Ok(HashMap::new());
    }
    let rows = client
        .query(
            "SELECT key, state, folder, stands FROM missive_copies
             WHERE campaign = $1 AND kind = $2",
            &[&journal.campaign, &kind.as_str()],
        )
        .map_err(pg(&journal.name))?;
    Ok(rows
        .iter()
        .map(|row| {
            let state: String = row.get(1);
            let stands: i64 = row.get(3);
            (
                row.get(0),
                Copy {
                    state: if state == "done" {
                        CopyState::Done
                    } else {
                        CopyState::Appending
                    },
                    folder: row.get(2),
                    stands: u64::try_from(stands).unwrap_or(0),
                },
            )
        })
        .collect())
}

pub(super) fn mark_copy(journal: &mut PgJournal, mark: CopyMark<'_>) -> Result<(), JournalError> {
    let uid = mark.uid.map(i64::from);
    let stands = i64::try_from(mark.stands).unwrap_or(i64::MAX);
    journal
        .client
        .get_mut()
        .execute(
            "INSERT INTO missive_copies (campaign, key, kind, state, folder, uid, stands, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (campaign, key, kind) DO UPDATE SET state = excluded.state,
                 folder = excluded.folder, uid = excluded.uid, stands = excluded.stands,
                 at = excluded.at",
            &[
                &journal.campaign,
                &mark.key,
                &mark.kind.as_str(),
                &mark.state.as_str(),
                &mark.folder,
                &uid,
                &stands,
                &now(),
            ],
        )
        .map(drop)
        .map_err(pg(&journal.name))
}

pub(super) fn mark_drafted(
    journal: &mut PgJournal,
    key: &str,
    reply: &str,
    revision: &str,
) -> Result<(), JournalError> {
    journal
        .client
        .get_mut()
        .execute(
            "UPDATE missive_recipients SET state = 'drafted', code = NULL, reply = $3,
                 revision = $4, relay = NULL, owner = NULL, updated = $5,
                 changed = clock_timestamp()
             WHERE campaign = $1 AND key = $2 AND state IN ('pending', 'deferred')",
            &[&journal.campaign, &key, &reply, &revision, &now()],
        )
        .map(drop)
        .map_err(pg(&journal.name))
}

pub(super) fn accepted(journal: &PgJournal) -> Result<Vec<Accepted>, JournalError> {
    let rows = journal
        .client_for_reading()
        .query(
            "SELECT key, message_id, updated FROM missive_recipients
             WHERE campaign = $1 AND state = 'sent' ORDER BY position IS NULL, position",
            &[&journal.campaign],
        )
        .map_err(pg(&journal.name))?;
    Ok(rows
        .iter()
        .map(|row| Accepted {
            key: row.get(0),
            message_id: row.get(1),
            at: row.get(2),
        })
        .collect())
}
