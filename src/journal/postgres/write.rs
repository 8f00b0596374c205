//! The writer thread's changes to a shared journal: `sending` marks, only on rows this
//! sender holds and only while its lease runs, and outcomes. A batch with a mark is
//! committed durably (`synchronous_commit` on) before any of its messages goes; a batch of
//! outcomes alone is not waited for (the next mark's commit carries it to the disk, as
//! with `SQLite`'s `synchronous=NORMAL`).

use postgres::Statement;

use super::{PgJournal, now, pg};
use crate::journal::JournalError;
use crate::journal::backend::{Answer, Change, Mark};

#[derive(Clone)]
pub(super) struct Statements {
    mark: Statement,
    record: Statement,
}

fn statements(journal: &mut PgJournal) -> Result<Statements, JournalError> {
    if let Some(statements) = &journal.statements {
        return Ok(statements.clone());
    }
    let on = pg(&journal.name);
    let client = journal.client.get_mut();
    let statements = Statements {
        mark: client
            .prepare(
                "UPDATE missive_recipients SET state = 'sending', attempts = attempts + 1,
                     row = $4, to_display = $5, message_id = $6, revision = $7, code = NULL,
                     reply = NULL, relay = NULL, updated = $8, changed = clock_timestamp()
                 WHERE campaign = $1 AND key = $2 AND owner = $3 AND state <> 'sending'
                   AND EXISTS (SELECT 1 FROM missive_senders s
                               WHERE s.id = $3 AND s.lease_until > clock_timestamp())",
            )
            .map_err(&on)?,
        record: client
            .prepare(
                "UPDATE missive_recipients SET state = $4, code = $5, reply = $6,
                     relay = COALESCE($7, relay), updated = $8, changed = clock_timestamp()
                 WHERE campaign = $1 AND key = $2 AND owner = $3",
            )
            .map_err(&on)?,
    };
    journal.statements = Some(statements.clone());
    Ok(statements)
}

/// Applies `changes` in one transaction; for each mark, whether this sender may send it.
pub(super) fn apply(
    journal: &mut PgJournal,
    changes: &[Change<'_>],
    revision: &str,
) -> Result<Vec<bool>, JournalError> {
    let seat = journal.seat()?;
    let (id, lost) = (
        seat.id.clone(),
        seat.lost.load(std::sync::atomic::Ordering::SeqCst),
    );
    let name = journal.name.clone();
    let lease_lost = || JournalError::LeaseLost {
        journal: name.clone(),
    };
    if lost {
        return Err(lease_lost());
    }
    let statements = statements(journal)?;
    let on = pg(&name);
    let now = now();
    let campaign = journal.campaign.clone();
    let mut transaction = journal.client.get_mut().transaction().map_err(&on)?;
    if !changes.iter().any(|c| matches!(c, Change::Mark(_))) {
        transaction
            .batch_execute("SET LOCAL synchronous_commit TO OFF")
            .map_err(&on)?;
    }
    let mut admitted = Vec::new();
    for change in changes {
        match *change {
            Change::Mark(Mark {
                key,
                row,
                to,
                message_id,
            }) => {
                let marked = transaction
                    .execute(
                        &statements.mark,
                        &[
                            &campaign,
                            &key,
                            &id,
                            &row,
                            &to,
                            &message_id,
                            &revision,
                            &now,
                        ],
                    )
                    .map_err(&on)?;
                if marked == 0 {
                    // Not this sender's any more, or its lease lapsed: nothing is handed
                    // over on a lapsed lease, another sender may be settling its rows.
                    let alive: bool = transaction
                        .query_one(
                            "SELECT EXISTS (SELECT 1 FROM missive_senders
                                 WHERE id = $1 AND lease_until > clock_timestamp())",
                            &[&id],
                        )
                        .map_err(&on)?
                        .get(0);
                    if !alive {
                        return Err(lease_lost());
                    }
                }
                admitted.push(marked == 1);
            }
            // A shared journal claims recipients before they are queued (`Claimer`).
            Change::Claim { .. } => {}
            Change::Record(Answer {
                key,
                state,
                code,
                reply,
                relay,
            }) => {
                let code = code.map(i32::from);
                transaction
                    .execute(
                        &statements.record,
                        &[
                            &campaign,
                            &key,
                            &id,
                            &state.as_str(),
                            &code,
                            &reply,
                            &relay,
                            &now,
                        ],
                    )
                    .map_err(&on)?;
            }
        }
    }
    transaction.commit().map_err(&on)?;
    Ok(admitted)
}
