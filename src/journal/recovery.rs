//! What a run that is gone left in the journal, settled by the next one: its messages in
//! flight become `uncertain`; what it only claimed goes back to the pool, unless the
//! machine itself stopped (another boot), when its unsynced marks may be lost.

use rusqlite::{OptionalExtension, Transaction, params};

use super::mark_log;
use super::{AddressAnswer, Journal, JournalError, State, addresses, now, sql};

/// The reply kept for a message a run had claimed when the machine itself stopped.
const REBOOTED: &str = "the machine stopped (a power cut or a system crash) while its run was sending: it may have been delivered";

impl Journal {
    /// Rows still `sending` belong to a run that is gone (the caller holds the
    /// [`SenderLock`](super::lock::SenderLock)): their message may have been delivered, so they become `uncertain`.
    /// What that run claimed goes back to the pool, unless the machine itself stopped (a
    /// power cut: another boot now) while it ran: its last `sending` marks, written without
    /// a sync, may be lost, so every claimed row without a final outcome becomes `uncertain`
    /// too. Records this boot as the sender's. Returns how many rows became `uncertain`.
    pub(crate) fn settle_abandoned(&mut self, reply: &str) -> Result<usize, JournalError> {
        self.settle_abandoned_on(reply, boot_id().as_deref())
    }

    pub(super) fn settle_abandoned_on(
        &mut self,
        reply: &str,
        boot: Option<&str>,
    ) -> Result<usize, JournalError> {
        self.set_synchronous("FULL")?;
        let on = sql(&self.path);
        let transaction = self.connection.transaction().map_err(&on)?;
        let stored: Option<String> = transaction
            .query_row("SELECT value FROM meta WHERE name = 'boot'", [], |row| {
                row.get(0)
            })
            .optional()
            .map_err(&on)?;
        let rebooted = match (stored.as_deref(), boot) {
            (Some(stored), Some(boot)) => stored != boot,
            _ => true,
        };
        let now = now();
        // The mark log of a run that died on this boot is newer than the rows: a message
        // whose last line is its mark was being sent, one whose last line is an outcome got
        // it. After a reboot the log may miss lines: the claims answer instead.
        let log_path = mark_log::path_beside(&self.path);
        let log = if rebooted {
            Vec::new()
        } else {
            mark_log::read(&log_path).map_err(|source| JournalError::Io {
                path: log_path.clone(),
                source,
            })?
        };
        for (key, logged) in &log {
            replay(&transaction, key, logged, now).map_err(&on)?;
        }
        let mut settled = in_flight_uncertain(&transaction, reply, now).map_err(&on)?;
        if rebooted {
            transaction
                .execute(
                    "UPDATE addresses SET state = 'uncertain', code = NULL, reply = ?1, updated = ?2
                     WHERE state NOT IN ('sent', 'failed', 'uncertain') AND key IN (
                         SELECT key FROM recipients
                         WHERE claimed = 1 AND state NOT IN ('sent', 'failed', 'uncertain'))",
                    params![REBOOTED, now],
                )
                .map_err(&on)?;
            settled += transaction
                .execute(
                    "UPDATE recipients SET state = 'uncertain', code = NULL, reply = ?1, updated = ?2
                     WHERE claimed = 1 AND state NOT IN ('sent', 'failed', 'uncertain')",
                    params![REBOOTED, now],
                )
                .map_err(&on)?;
        }
        transaction
            .execute("UPDATE recipients SET claimed = 0 WHERE claimed = 1", [])
            .map_err(&on)?;
        match boot {
            Some(boot) => transaction.execute(
                "INSERT INTO meta (name, value) VALUES ('boot', ?1)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [boot],
            ),
            None => transaction.execute("DELETE FROM meta WHERE name = 'boot'", []),
        }
        .map_err(&on)?;
        transaction.commit().map_err(&on)?;
        self.claimed.clear();
        empty_log(&log_path)?;
        Ok(settled)
    }
}

impl Journal {
    /// At the end of this run, once its writer has written every request: what is still
    /// `sending` got no reply (the run gave up waiting) and becomes `uncertain`; the claims
    /// and the mark log are let go. Nothing is read back from the log, whose every line the
    /// writer applied already, and no reboot can have happened in between.
    pub(crate) fn settle_own(&mut self, reply: &str) -> Result<usize, JournalError> {
        self.set_synchronous("FULL")?;
        let on = sql(&self.path);
        let transaction = self.connection.transaction().map_err(&on)?;
        let settled = in_flight_uncertain(&transaction, reply, now()).map_err(&on)?;
        // A claim only matters for a message without a final outcome (see
        // `settle_abandoned_on`): the others keep theirs, which spares rewriting the list.
        transaction
            .execute(
                "UPDATE recipients SET claimed = 0
                 WHERE claimed = 1 AND state NOT IN ('sent', 'failed', 'uncertain')",
                [],
            )
            .map_err(&on)?;
        transaction.commit().map_err(&on)?;
        self.claimed.clear();
        empty_log(&mark_log::path_beside(&self.path))?;
        Ok(settled)
    }
}

/// What the mark log says of one message, over what the journal holds: each address's last
/// word first, then the message's last line (its mark makes it `sending` whatever its
/// addresses say; its outcome is theirs taken together, when it has them).
fn replay(
    transaction: &Transaction<'_>,
    key: &str,
    logged: &mark_log::Logged,
    now: i64,
) -> rusqlite::Result<()> {
    let answers: Vec<AddressAnswer> = logged
        .addresses
        .iter()
        .map(|(address, entry)| match entry {
            mark_log::Entry::Marked => AddressAnswer {
                address: address.clone(),
                state: State::Sending,
                code: None,
                reply: String::new(),
            },
            mark_log::Entry::Answered { state, code, reply } => AddressAnswer {
                address: address.clone(),
                state: *state,
                code: *code,
                reply: reply.clone(),
            },
        })
        .collect();
    addresses::write(transaction, key, &answers, now, false)?;
    match &logged.last {
        mark_log::Entry::Marked => transaction.execute(
            "UPDATE recipients SET state = 'sending', updated = ?2 WHERE key = ?1",
            params![key, now],
        )?,
        mark_log::Entry::Answered { state, code, reply } => transaction.execute(
            "UPDATE recipients SET state = ?2, code = ?3, reply = ?4, updated = ?5
             WHERE key = ?1",
            params![key, state.as_str(), code, reply, now],
        )?,
    };
    if matches!(logged.last, mark_log::Entry::Answered { .. }) && !logged.addresses.is_empty() {
        addresses::aggregate(transaction, key)?;
    }
    Ok(())
}

/// What is `sending` (messages and their addresses) becomes `uncertain` with `reply`: it may
/// have been delivered. Returns how many messages.
fn in_flight_uncertain(
    transaction: &Transaction<'_>,
    reply: &str,
    now: i64,
) -> rusqlite::Result<usize> {
    transaction.execute(
        "UPDATE addresses SET state = 'uncertain', code = NULL, reply = ?1, updated = ?2
         WHERE state = 'sending'",
        params![reply, now],
    )?;
    transaction.execute(
        "UPDATE recipients SET state = 'uncertain', code = NULL, reply = ?1, updated = ?2
         WHERE state = 'sending'",
        params![reply, now],
    )
}

/// Empties the mark log once the journal holds all it said.
fn empty_log(path: &std::path::Path) -> Result<(), JournalError> {
    if path.exists() {
        std::fs::File::create(path).map_err(|source| JournalError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    }
    Ok(())
}

/// This boot of the machine (Linux: `/proc/sys/kernel/random/boot_id`): a process killed
/// and a machine that lost power leave different things behind (see [`Journal::settle_abandoned`]).
/// `None` where it cannot be told, which is taken as a power cut.
fn boot_id() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .ok()
        .map(|id| id.trim().to_string())
        .filter(|id| !id.is_empty())
}

#[cfg(test)]
#[path = "recovery_tests.rs"]
mod tests;
