//! A file journal opened for reading only (`status`, `report`): nothing is written to it
//! or beside it, so a campaign folder someone may only read (a reviewer's copy, a folder
//! shared read-only) can be looked at, and a running `send` is never in the way.
//!
//! `SQLite` reads a journal in WAL mode through two files beside it, `-wal` and `-shm`,
//! which it creates when missing: a folder that is not writable refuses them. A journal
//! whose `-wal` is absent was closed cleanly (its last sender ended and folded the log
//! in): nobody writes it, and it is read as an unchanging file (`immutable=1`), without
//! either file. A journal written by an earlier missive is not brought up to date here
//! (that is `send`'s job): what it lacks is seen empty (see [`shim_older_schema`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Journal, JournalError, addresses, schema_version, sql};

impl Journal {
    /// Opens a journal that must exist already (`status`, `report`), for reading only.
    /// A journal deleted or emptied while its lock remains is refused
    /// ([`Journal::refuse_vanished`]); a file holding no journal is none.
    pub(crate) fn open_existing(path: &Path) -> Result<Self, JournalError> {
        Self::refuse_vanished(path)?;
        if !path.is_file() {
            return Err(JournalError::Missing {
                path: path.to_path_buf(),
            });
        }
        let connection = open_for_reading(path)?;
        let on = sql(path);
        connection
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(&on)?;
        if schema_version(&connection, path)? == 0 {
            // An empty file without a lock beside it: no run ever wrote it.
            return Err(JournalError::Missing {
                path: path.to_path_buf(),
            });
        }
        shim_older_schema(&connection).map_err(&on)?;
        Ok(Self {
            connection,
            path: path.to_path_buf(),
            synchronous: "FULL",
            claimed: std::collections::HashSet::new(),
        })
    }
}

/// Opens `path` read-only, its `-wal` and `-shm` files used if they can be (a sender may be
/// at work); when they cannot (a folder not writable) and no `-wal` is there, as an
/// unchanging file.
fn open_for_reading(path: &Path) -> Result<Connection, JournalError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let first = Connection::open_with_flags(path, flags).and_then(|connection| {
        // Reading is what needs the `-shm`: opening alone does not tell.
        probe(&connection)?;
        Ok(connection)
    });
    let refused = match first {
        Ok(connection) => return Ok(connection),
        Err(refused) => refused,
    };
    if beside(path, "-wal").exists() {
        return Err(JournalError::Sqlite {
            path: path.to_path_buf(),
            source: refused,
        });
    }
    Connection::open_with_flags(uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
        .and_then(|connection| {
            probe(&connection)?;
            Ok(connection)
        })
        // The first refusal says what is wrong with the file or its folder.
        .map_err(|_| JournalError::Sqlite {
            path: path.to_path_buf(),
            source: refused,
        })
}

fn probe(connection: &Connection) -> rusqlite::Result<()> {
    connection.query_row("SELECT COUNT(*) FROM sqlite_master", [], |_| Ok(()))
}

/// `journal.sqlite-wal` beside `journal.sqlite`.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// The `file:` URI of `path`, read as an unchanging file. Every byte but letters, digits and
/// `/._~-` is escaped: `?`, `#` and `%` would be taken for the URI's own.
fn uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for &byte in path.as_os_str().as_encoded_bytes() {
        if byte.is_ascii_alphanumeric() || b"/._~-".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            let _ = write!(uri, "%{byte:02X}");
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// A journal written by an earlier missive lacks what was added since (the relay of each
/// outcome, the duplicates among the rows left out, the outcomes per address): temporary
/// views and tables, which shadow its own for this connection only, show them empty, so that every read works on every
/// journal without writing to it.
fn shim_older_schema(connection: &Connection) -> rusqlite::Result<()> {
    let has = |table: &str, column: &str| -> rusqlite::Result<bool> {
        connection.query_row(
            "SELECT COUNT(*) > 0 FROM pragma_table_info(?1) WHERE name = ?2",
            [table, column],
            |row| row.get(0),
        )
    };
    if !has("recipients", "relay")? {
        connection.execute_batch(
            "CREATE TEMP VIEW recipients AS SELECT *, NULL AS relay FROM main.recipients",
        )?;
    }
    let lacking: Vec<String> = ["duplicate", "suppressed"]
        .into_iter()
        .filter_map(|column| match has("skipped", column) {
            Ok(true) => None,
            Ok(false) => Some(Ok(format!(", 0 AS {column}"))),
            Err(error) => Some(Err(error)),
        })
        .collect::<rusqlite::Result<_>>()?;
    if !lacking.is_empty() {
        connection.execute_batch(&format!(
            "CREATE TEMP VIEW skipped AS SELECT *{} FROM main.skipped",
            lacking.concat()
        ))?;
    }
    let addresses: bool = connection.query_row(
        "SELECT COUNT(*) > 0 FROM main.sqlite_master WHERE type = 'table' AND name = 'addresses'",
        [],
        |row| row.get(0),
    )?;
    if !addresses {
        connection.execute_batch(&addresses::create_table("temp"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::SCHEMA_VERSION;

    #[test]
    fn a_path_becomes_a_uri_sqlite_reads_back() {
        assert_eq!(
            uri(Path::new("/home/é lève/a?b#c%d.sqlite")),
            "file:/home/%C3%A9%20l%C3%A8ve/a%3Fb%23c%25d.sqlite?immutable=1"
        );
        assert_eq!(
            uri(Path::new(".missive/journal.sqlite")),
            "file:.missive/journal.sqlite?immutable=1"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("Rentrée 2026 ?#%").join("journal.sqlite");
        drop(Journal::open(&path).expect("a journal"));
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
        let connection = Connection::open_with_flags(uri(&path), flags).expect("opens");
        let version: i64 = connection
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .expect("read through the URI");
        assert_eq!(version, SCHEMA_VERSION);
    }

    #[test]
    fn reading_writes_nothing_and_an_older_journal_reads_with_what_it_lacks_empty() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("old.sqlite");
        let old = Connection::open(&path).expect("old journal");
        old.execute_batch(include_str!(
            "../../tests/fixtures/journal/schema-before-relay.sql"
        ))
        .expect("old schema");
        old.execute(
            "INSERT INTO skipped VALUES (1, 'liste.csv:3', 'liste.csv:3: no address', 0)",
            [],
        )
        .expect("one row left out");
        drop(old);
        let before = std::fs::read(&path).expect("the file");
        let journal = Journal::open_existing(&path).expect("opens");
        let counts = journal.counts().expect("counts");
        assert_eq!((counts.skipped, counts.duplicates), (1, 0));
        assert_eq!(journal.entries().expect("entries")[0].status, "skipped");
        drop(journal);
        assert_eq!(std::fs::read(&path).expect("the file"), before, "unchanged");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("the folder")
            .map(|entry| {
                entry
                    .expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into()
            })
            .collect();
        assert_eq!(names, ["old.sqlite"], "nothing written beside it");
    }

    #[test]
    fn an_empty_file_without_a_lock_is_no_journal() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("journal.sqlite");
        std::fs::write(&path, b"").expect("an empty file");
        assert!(matches!(
            Journal::open_existing(&path),
            Err(JournalError::Missing { .. })
        ));
    }
}
