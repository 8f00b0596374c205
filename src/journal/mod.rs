//! The journal: an `SQLite` outbox beside the campaign, one row per recipient key (the
//! normalised envelope), so that rerunning `send` after anything (Ctrl-C, a crash, a dropped
//! session, a sleeping laptop) finishes the job: nobody missed, nobody served twice.
//!
//! A message is marked `sending`, durably (WAL, `synchronous=FULL`), before it is handed to
//! the relay, and `sent`, `failed`, `deferred` or `uncertain` with the relay's reply after
//! ([`State`]); when its envelope addresses (To, Cc, Bcc) did not all end the same way, each
//! address's own outcome is kept too, and a later attempt goes to those still to send only
//! (`addresses`). The marks go through one writer thread ([`JournalWriter`]) that commits every
//! request waiting at once in one transaction. Only one `send` writes a journal at a time
//! ([`SenderLock`]); `status` and `report` read it whenever they like, without writing to
//! it or beside it (`read_only`).
//!
//! The same journal can instead live in `PostgreSQL` (`--journal postgres://…`), shared by
//! several `send` runs at once, each claiming the recipients it sends (`postgres`). `send`,
//! `status` and `report` see either through one trait, [`Backend`].

mod addresses;
mod backend;
mod claims;
mod copies;
mod counts;
mod entry;
mod error;
mod lock;
mod mark_log;
mod merge;
mod options;
mod postgres;
mod read;
mod read_only;
mod recovery;
mod requests;
mod returns;
mod sender;
mod sqlite;
mod state;
#[cfg(test)]
mod tests;
mod writer;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::compose::Outgoing;
pub(crate) use addresses::{AddressAnswer, AddressStates};
pub(crate) use backend::{Backend, Claimer, Location, open_existing, open_for_collect};
pub(crate) use claims::{ClaimTally, Claimed};
pub(crate) use copies::{Accepted, Copy, CopyKind, CopyMark, CopyState};
pub(crate) use counts::{Counts, LeftOut};
pub(crate) use entry::Entry;
pub(crate) use error::{AddressProblem, JournalError};
pub(crate) use lock::SenderLock;
pub(crate) use merge::Merged;
pub(crate) use options::{JournalOptions, JournalsRead};
pub(crate) use returns::{Cursor, Recorded, Return, ReturnKind};
pub(crate) use sender::{Finished, Listed, Plan, Selection, SendJournal, Sending, Take};
pub(crate) use state::{Resend, State};
pub(crate) use writer::{JournalWriter, Outbox, WriterStats};

/// The journal's place inside the campaign folder.
pub(crate) const DEFAULT_PATH: &str = ".missive/journal.sqlite";
/// The schema this version writes; a journal with a higher one is refused, not damaged.
pub(super) const SCHEMA_VERSION: i64 = 2;

const SCHEMA: &str = "
CREATE TABLE recipients (
    key        TEXT PRIMARY KEY,   -- the normalised envelope recipients
    position   INTEGER,            -- order in the list at the last run; NULL: no longer listed
    row        TEXT NOT NULL,      -- FILE:LINE
    to_display TEXT NOT NULL,
    message_id TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'pending',
    attempts   INTEGER NOT NULL DEFAULT 0,
    code       INTEGER,
    reply      TEXT,
    revision   TEXT,               -- the campaign revision last handed to the relay
    relay      TEXT,               -- the relay of the last outcome, its URL without credentials
    claimed    INTEGER NOT NULL DEFAULT 0, -- 1: the running (or a crashed) run may send it soon
    created    INTEGER NOT NULL,   -- Unix seconds
    updated    INTEGER NOT NULL
);
CREATE INDEX recipients_state ON recipients (state);
CREATE TABLE skipped (             -- rows the last run left out (invalid, duplicate)
    position   INTEGER PRIMARY KEY,
    row        TEXT NOT NULL,
    reason     TEXT NOT NULL,
    at         INTEGER NOT NULL,
    duplicate  INTEGER NOT NULL DEFAULT 0, -- 1: the row repeats an earlier row's recipients
    suppressed INTEGER NOT NULL DEFAULT 0  -- 1: its addresses are on the suppression list
);
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
";

/// Recipients who got (or may have got) an earlier revision of the campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EarlierRevision {
    pub sent: usize,
    pub uncertain: usize,
}

/// An open journal.
pub(crate) struct Journal {
    connection: Connection,
    path: PathBuf,
    /// The connection's `synchronous` setting, which the writer lowers for batches that need
    /// no sync (see [`Journal::apply_changes`]).
    synchronous: &'static str,
    /// Recipients this run claimed, durably: their `sending` marks need no sync of their own.
    claimed: HashSet<String>,
}

impl Journal {
    /// Opens the journal for a sender, creating it (and its folder) when missing.
    pub(crate) fn open(path: &Path) -> Result<Self, JournalError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| JournalError::Io {
                path: folder.to_path_buf(),
                source,
            })?;
        }
        let connection = Connection::open(path).map_err(sql(path))?;
        Self::prepare(connection, path)
    }

    /// Refuses a journal that a run used (its lock or mark log are beside it) but that is
    /// gone or empty now: opening it would start it anew and send everyone again.
    pub(crate) fn refuse_vanished(path: &Path) -> Result<(), JournalError> {
        let size = std::fs::metadata(path).map(|meta| meta.len()).ok();
        if size.is_some_and(|size| size > 0) {
            return Ok(());
        }
        // The lock stays after every run that opened the journal: it says one did.
        let companions: Vec<PathBuf> = [SenderLock::path_for(path)]
            .into_iter()
            .filter(|companion| companion.exists())
            .collect();
        if companions.is_empty() {
            return Ok(());
        }
        Err(JournalError::Vanished {
            path: path.to_path_buf(),
            emptied: size == Some(0),
            companions,
        })
    }

    fn prepare(connection: Connection, path: &Path) -> Result<Self, JournalError> {
        let on = sql(path);
        connection
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(&on)?;
        // WAL: readers (`status`) never block the sender; FULL: a commit is on the disk
        // before it returns, which is what makes a `sending` mark worth anything.
        connection
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            .map_err(&on)?;
        connection
            .pragma_update(None, "synchronous", "FULL")
            .map_err(&on)?;
        let version = schema_version(&connection, path)?;
        if version == 0 {
            connection
                .execute_batch(&format!(
                    "BEGIN IMMEDIATE; {SCHEMA} {} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;",
                    addresses::create_table("main")
                ))
                .map_err(&on)?;
        } else {
            upgrade(&connection, version).map_err(&on)?;
        }
        connection.execute_batch(copies::TABLE).map_err(&on)?;
        connection.execute_batch(returns::TABLES).map_err(&on)?;
        Ok(Self {
            connection,
            path: path.to_path_buf(),
            synchronous: "FULL",
            claimed: HashSet::new(),
        })
    }

    /// `FULL`: each commit is on the disk when it returns; `NORMAL`: it survives the process
    /// being killed, not the machine losing power.
    pub(super) fn set_synchronous(
        &mut self,
        synchronous: &'static str,
    ) -> Result<(), JournalError> {
        if self.synchronous != synchronous {
            self.connection
                .pragma_update(None, "synchronous", synchronous)
                .map_err(sql(&self.path))?;
            self.synchronous = synchronous;
        }
        Ok(())
    }

    /// The state of every recipient key the journal knows.
    pub(crate) fn states(&self) -> Result<HashMap<String, State>, JournalError> {
        let mut statement = self
            .connection
            .prepare("SELECT key, state FROM recipients")
            .map_err(sql(&self.path))?;
        let rows = statement
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(sql(&self.path))?;
        let mut states = HashMap::new();
        for row in rows {
            let (key, word) = row.map_err(sql(&self.path))?;
            states.insert(key, self.state(&word)?);
        }
        Ok(states)
    }

    fn state(&self, word: &str) -> Result<State, JournalError> {
        State::parse(word).ok_or_else(|| JournalError::UnknownState {
            path: self.path.clone(),
            word: word.to_string(),
        })
    }

    /// Starts recording the current list; nothing is kept unless [`Registration::finish`]
    /// is called.
    pub(crate) fn register(&mut self) -> Result<Registration<'_>, JournalError> {
        let path = self.path.clone();
        let transaction = self.connection.transaction().map_err(sql(&path))?;
        transaction
            .execute_batch("UPDATE recipients SET position = NULL; DELETE FROM skipped;")
            .map_err(sql(&path))?;
        Ok(Registration {
            transaction,
            path,
            now: now(),
        })
    }

    /// Who got an earlier revision than `current`, unless `current` was accepted already.
    pub(crate) fn earlier_revision(
        &self,
        current: &str,
    ) -> Result<Option<EarlierRevision>, JournalError> {
        let accepted: Option<String> = self
            .connection
            .query_row(
                "SELECT value FROM meta WHERE name = 'revision'",
                [],
                |row| row.get(0),
            )
            .optional()
            .map_err(sql(&self.path))?;
        if accepted.as_deref() == Some(current) {
            return Ok(None);
        }
        let count = |state: &str| -> Result<usize, JournalError> {
            self.connection
                .query_row(
                    "SELECT COUNT(*) FROM recipients
                     WHERE state = ?1 AND revision IS NOT NULL AND revision <> ?2",
                    params![state, current],
                    |row| row.get::<_, i64>(0),
                )
                .map(|count| usize::try_from(count).unwrap_or(0))
                .map_err(sql(&self.path))
        };
        let earlier = EarlierRevision {
            sent: count("sent")?,
            uncertain: count("uncertain")?,
        };
        Ok((earlier.sent + earlier.uncertain > 0).then_some(earlier))
    }

    /// From now on, `revision` is the campaign's.
    pub(crate) fn accept_revision(&self, revision: &str) -> Result<(), JournalError> {
        self.connection
            .execute(
                "INSERT INTO meta (name, value) VALUES ('revision', ?1)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [revision],
            )
            .map(drop)
            .map_err(sql(&self.path))
    }
}

/// The current list being recorded, in one transaction: every message becomes (or stays) a
/// row, and rows the list no longer has are forgotten if nothing was ever tried for them.
pub(crate) struct Registration<'j> {
    transaction: Transaction<'j>,
    path: PathBuf,
    now: i64,
}

impl Registration<'_> {
    /// One message of the list, at `position` (its order among the list's items).
    pub(crate) fn message(
        &mut self,
        position: usize,
        message: &Outgoing,
    ) -> Result<(), JournalError> {
        self.transaction
            .prepare_cached(
                "INSERT INTO recipients (key, position, row, to_display, message_id, created, updated)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                 ON CONFLICT (key) DO UPDATE SET position = excluded.position,
                     row = excluded.row, to_display = excluded.to_display",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    message.key,
                    position_value(position),
                    message.at.to_string(),
                    message.to,
                    message.message_id,
                    self.now
                ])
            })
            .map(drop)
            .map_err(sql(&self.path))
    }

    /// A row left out of this run (invalid with `--skip-invalid`, or a duplicate).
    pub(crate) fn skipped(
        &mut self,
        position: usize,
        skipped: backend::Skipped<'_>,
    ) -> Result<(), JournalError> {
        self.transaction
            .prepare_cached(
                "INSERT OR REPLACE INTO skipped (position, row, reason, at, duplicate, suppressed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    position_value(position),
                    skipped.row.to_string(),
                    skipped.reason,
                    self.now,
                    skipped.duplicate,
                    skipped.suppressed
                ])
            })
            .map(drop)
            .map_err(sql(&self.path))
    }

    /// Keeps the list recorded.
    pub(crate) fn finish(self) -> Result<(), JournalError> {
        self.transaction
            .execute(
                "DELETE FROM recipients WHERE position IS NULL AND state = 'pending' AND attempts = 0",
                [],
            )
            .map_err(sql(&self.path))?;
        self.transaction.commit().map_err(sql(&self.path))
    }
}

/// Brings a journal written by an earlier missive (schema `version`) up to this one's, in
/// one transaction. Schema 1 lacked columns added since (which an older missive does without:
/// it names the columns it uses) and the outcomes per address: schema 2 keeps them, and an
/// older missive, which would send a message again to every address of it, refuses it.
fn upgrade(connection: &Connection, version: i64) -> rusqlite::Result<()> {
    connection.execute_batch("BEGIN IMMEDIATE")?;
    let upgraded = (|| {
        add_column(connection, "recipients", "relay", "TEXT")?;
        add_column(
            connection,
            "recipients",
            "claimed",
            "INTEGER NOT NULL DEFAULT 0",
        )?;
        add_column(
            connection,
            "skipped",
            "duplicate",
            "INTEGER NOT NULL DEFAULT 0",
        )?;
        add_column(
            connection,
            "skipped",
            "suppressed",
            "INTEGER NOT NULL DEFAULT 0",
        )?;
        if version < SCHEMA_VERSION {
            connection.execute_batch(&format!(
                "{} PRAGMA user_version = {SCHEMA_VERSION};",
                addresses::create_table("main")
            ))?;
        }
        connection.execute_batch("COMMIT")
    })();
    if upgraded.is_err() {
        let _ = connection.execute_batch("ROLLBACK");
    }
    upgraded
}

/// Adds a column a journal written by an earlier missive lacks (the relay of each outcome,
/// the claims, the duplicates among the rows left out), empty or at its default in the rows
/// it holds. An older missive reads and writes the journal all the same: it names the
/// columns it uses.
fn add_column(
    connection: &Connection,
    table: &str,
    name: &str,
    definition: &str,
) -> rusqlite::Result<()> {
    let present: bool = connection.query_row(
        "SELECT COUNT(*) > 0 FROM pragma_table_info(?1) WHERE name = ?2",
        [table, name],
        |row| row.get(0),
    )?;
    if !present {
        connection.execute_batch(&format!(
            "ALTER TABLE {table} ADD COLUMN {name} {definition}"
        ))?;
    }
    Ok(())
}

/// The schema version of an open journal (0: none yet); one written by a newer missive is
/// refused, not damaged.
fn schema_version(connection: &Connection, path: &Path) -> Result<i64, JournalError> {
    let version: i64 = connection
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(sql(path))?;
    if version > SCHEMA_VERSION {
        return Err(JournalError::Newer {
            path: path.to_path_buf(),
            found: version,
        });
    }
    Ok(version)
}

fn position_value(position: usize) -> i64 {
    i64::try_from(position).unwrap_or(i64::MAX)
}

/// Seconds since the Unix epoch.
fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

/// Maps an `SQLite` error to one that names the journal.
fn sql(path: &Path) -> impl Fn(rusqlite::Error) -> JournalError + '_ {
    move |source| JournalError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}
