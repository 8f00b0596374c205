//! The writer thread's changes to a shared journal: `sending` marks, only on rows this
//! sender holds and only while its lease runs, and outcomes. A batch with a mark is
//! committed durably (`synchronous_commit` on) before any of its messages goes; a batch of
//! outcomes alone is not waited for (the next mark's commit carries it to the disk, as
//! with `SQLite`'s `synchronous=NORMAL`).

use postgres::Statement;

use super::{PgJournal, now, pg};
use crate::journal::addresses::AGGREGATE;
use crate::journal::backend::{Answer, Change, Mark};
use crate::journal::{AddressAnswer, JournalError};

#[derive(Clone)]
pub(super) struct Statements {
    mark: Statement,
    record: Statement,
    /// An address's outcome, for a message with per-address outcomes.
    address: Statement,
    /// The message's state from its addresses'.
    aggregate: Statement,
    /// Addresses in flight.
    mark_addresses: Statement,
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
        address: client
            .prepare(
                "INSERT INTO missive_addresses
                     (campaign, key, address, ord, state, code, reply, attempts, updated)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE((SELECT attempts
                     FROM missive_recipients WHERE campaign = $1 AND key = $2), 1), $8)
                 ON CONFLICT (campaign, key, address) DO UPDATE SET state = excluded.state,
                     code = excluded.code, reply = excluded.reply, updated = excluded.updated,
                     attempts = missive_addresses.attempts + 1",
            )
            .map_err(&on)?,
        aggregate: client
            .prepare(&format!(
                "UPDATE missive_recipients r SET (state, code, reply) = (
                     SELECT state, code, reply FROM missive_addresses a
                     WHERE a.campaign = r.campaign AND a.key = r.key
                     ORDER BY {AGGREGATE} LIMIT 1)
                 WHERE r.campaign = $1 AND r.key = $2"
            ))
            .map_err(&on)?,
        mark_addresses: client
            .prepare(
                "UPDATE missive_addresses SET state = 'sending', updated = $4
                 WHERE campaign = $1 AND key = $2 AND address = ANY($3)",
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
                addresses,
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
                if marked == 1 && !addresses.is_empty() {
                    transaction
                        .execute(
                            &statements.mark_addresses,
                            &[&campaign, &key, &addresses, &now],
                        )
                        .map_err(&on)?;
                }
                admitted.push(marked == 1);
            }
            // A shared journal claims recipients before they are queued (`Claimer`).
            Change::Claim { .. } => {}
            Change::Record(answer) => {
                record(
                    &mut transaction,
                    &statements,
                    (&campaign, &id),
                    &answer,
                    now,
                )
                .map_err(&on)?;
            }
        }
    }
    transaction.commit().map_err(&on)?;
    Ok(admitted)
}

/// What the relay answered, on a row this sender (`id`) holds.
fn record(
    transaction: &mut postgres::Transaction<'_>,
    statements: &Statements,
    (campaign, id): (&str, &str),
    answer: &Answer<'_>,
    now: i64,
) -> Result<(), postgres::Error> {
    let code = answer.code.map(i32::from);
    let recorded = transaction.execute(
        &statements.record,
        &[
            &campaign,
            &answer.key,
            &id,
            &answer.state.as_str(),
            &code,
            &answer.reply,
            &answer.relay,
            &now,
        ],
    )?;
    if recorded == 1 {
        write_addresses(
            transaction,
            statements,
            (campaign, answer.key),
            answer.addresses,
            now,
        )?;
    }
    Ok(())
}

/// Keeps each address's outcome, then makes the message's state theirs taken together.
fn write_addresses(
    transaction: &mut postgres::Transaction<'_>,
    statements: &Statements,
    (campaign, key): (&str, &str),
    addresses: &[AddressAnswer],
    now: i64,
) -> Result<(), postgres::Error> {
    if addresses.is_empty() {
        return Ok(());
    }
    for (ord, answer) in addresses.iter().enumerate() {
        let ord = i32::try_from(ord).unwrap_or(i32::MAX);
        let code = answer.code.map(i32::from);
        let state = answer.state.as_str();
        transaction.execute(
            &statements.address,
            &[
                &campaign,
                &key,
                &answer.address,
                &ord,
                &state,
                &code,
                &answer.reply,
                &now,
            ],
        )?;
    }
    transaction
        .execute(&statements.aggregate, &[&campaign, &key])
        .map(drop)
}
