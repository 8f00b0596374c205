//! What came back after the relay's 250, as `missive collect` read it from the mailbox: per
//! recipient address, `bounced`, `delayed`, `delivered` (from delivery status notifications)
//! and `read` (a read receipt), each with when, the status code and the diagnostic. And, per
//! folder, where the reading stopped (its UIDVALIDITY and last UID), so the next run reads
//! only what is new.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::{Journal, JournalError, now, sql};

/// The tables, in every file journal (an older missive leaves them alone).
pub(super) const TABLES: &str = "
CREATE TABLE IF NOT EXISTS returns (
    key        TEXT NOT NULL,     -- the message's (recipients.key)
    address    TEXT NOT NULL,     -- the address the report is about
    kind       TEXT NOT NULL,     -- 'bounced', 'delayed', 'delivered', 'read'
    at         INTEGER NOT NULL,  -- when the report says it happened (else when read), Unix seconds
    status     TEXT,              -- '5.1.1'
    diagnostic TEXT,
    PRIMARY KEY (key, address, kind)
);
CREATE TABLE IF NOT EXISTS cursors (
    folder       TEXT PRIMARY KEY, -- as the server names it
    uid_validity INTEGER NOT NULL,
    last_uid     INTEGER NOT NULL,
    at           INTEGER NOT NULL
);
";

/// What a report says happened to a message at one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum ReturnKind {
    /// Refused for good, or given up (Action: failed).
    Bounced,
    /// Not delivered yet, still tried (Action: delayed): informational.
    Delayed,
    /// Delivered, or relayed where no report follows (Action: delivered, relayed).
    Delivered,
    /// Shown to its reader (a read receipt, "displayed").
    Read,
}

impl ReturnKind {
    pub(crate) const ALL: [ReturnKind; 4] = [
        ReturnKind::Bounced,
        ReturnKind::Delayed,
        ReturnKind::Delivered,
        ReturnKind::Read,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Bounced => "bounced",
            Self::Delayed => "delayed",
            Self::Delivered => "delivered",
            Self::Read => "read",
        }
    }

    /// Its count's name in `collect`'s summary event.
    pub(crate) fn summary_word(self) -> &'static str {
        match self {
            Self::Bounced => "bounced",
            Self::Delayed => "delayed",
            Self::Delivered => "delivered",
            Self::Read => "read_receipts",
        }
    }

    pub(super) fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == word)
    }
}

/// One fact `collect` records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Return {
    pub key: String,
    pub address: String,
    pub kind: ReturnKind,
    /// Unix seconds.
    pub at: i64,
    pub status: Option<String>,
    pub diagnostic: Option<String>,
}

/// A message of the journal as `collect` matches reports to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recorded {
    /// Its envelope addresses, normalised and sorted, joined by commas.
    pub key: String,
    /// Its To header as a person reads it.
    pub to: String,
}

impl Recorded {
    /// The address a report naming `named` is about: that one when the message went there,
    /// else (an alias, a forward) the address of its To header, not a Cc or a Bcc.
    pub(crate) fn address_for(&self, named: Option<&str>) -> String {
        let addresses: Vec<&str> = self.key.split(',').collect();
        if let Some(named) = named.map(str::to_lowercase)
            && addresses.contains(&named.as_str())
        {
            return named;
        }
        let to = self.to.to_lowercase();
        addresses
            .iter()
            .filter_map(|address| to.find(address).map(|at| (at, *address)))
            .min()
            .map_or(addresses[0], |(_, address)| address)
            .to_string()
    }
}

/// Where the reading of a folder stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cursor {
    pub uid_validity: u32,
    pub last_uid: u32,
}

impl Journal {
    /// The messages by Message-ID (with its angle brackets, as composed).
    pub(crate) fn messages_by_id(&self) -> Result<HashMap<String, Recorded>, JournalError> {
        let on = sql(&self.path);
        let mut statement = self
            .connection
            .prepare("SELECT message_id, key, to_display FROM recipients")
            .map_err(&on)?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    Recorded {
                        key: row.get(1)?,
                        to: row.get(2)?,
                    },
                ))
            })
            .map_err(&on)?;
        rows.collect::<Result<_, _>>().map_err(&on)
    }

    /// Records facts (a later report of the same kind for the same address replaces the
    /// earlier) and where the reading of `folder` stopped, in one transaction.
    pub(crate) fn record_returns(
        &mut self,
        returns: &[Return],
        folder: &str,
        cursor: Cursor,
    ) -> Result<(), JournalError> {
        let on = sql(&self.path);
        let transaction = self.connection.transaction().map_err(&on)?;
        {
            let mut statement = transaction
                .prepare_cached(
                    "INSERT OR REPLACE INTO returns (key, address, kind, at, status, diagnostic)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(&on)?;
            for fact in returns {
                statement
                    .execute(params![
                        fact.key,
                        fact.address,
                        fact.kind.as_str(),
                        fact.at,
                        fact.status,
                        fact.diagnostic
                    ])
                    .map_err(&on)?;
            }
        }
        transaction
            .execute(
                "INSERT OR REPLACE INTO cursors (folder, uid_validity, last_uid, at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![folder, cursor.uid_validity, cursor.last_uid, now()],
            )
            .map_err(&on)?;
        transaction.commit().map_err(&on)
    }

    /// Where the reading of `folder` stopped last time.
    pub(crate) fn cursor(&self, folder: &str) -> Result<Option<Cursor>, JournalError> {
        if !self.has_table("cursors")? {
            return Ok(None);
        }
        self.connection
            .query_row(
                "SELECT uid_validity, last_uid FROM cursors WHERE folder = ?1",
                [folder],
                |row| {
                    Ok(Cursor {
                        uid_validity: row.get(0)?,
                        last_uid: row.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(sql(&self.path))
    }

    /// Every fact recorded, by message key, in the order of the addresses and kinds.
    pub(crate) fn returns(&self) -> Result<HashMap<String, Vec<Return>>, JournalError> {
        let mut by_key: HashMap<String, Vec<Return>> = HashMap::new();
        if !self.has_table("returns")? {
            return Ok(by_key);
        }
        let on = sql(&self.path);
        let mut statement = self
            .connection
            .prepare(
                "SELECT key, address, kind, at, status, diagnostic FROM returns
                 ORDER BY key, address, kind",
            )
            .map_err(&on)?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, Option<String>>(5)?,
                ))
            })
            .map_err(&on)?;
        for row in rows {
            let (key, address, kind, at, status, diagnostic) = row.map_err(&on)?;
            let Some(kind) = ReturnKind::parse(&kind) else {
                continue;
            };
            by_key.entry(key.clone()).or_default().push(Return {
                key,
                address,
                kind,
                at,
                status,
                diagnostic,
            });
        }
        Ok(by_key)
    }

    /// Whether the journal has `table` (one only read may come from an older missive).
    pub(super) fn has_table(&self, table: &str) -> Result<bool, JournalError> {
        self.connection
            .query_row(
                "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |row| row.get(0),
            )
            .map_err(sql(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_and_the_cursor_are_kept_and_a_later_report_replaces_an_earlier() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut journal = Journal::open(&dir.path().join("j.sqlite")).expect("journal");
        assert_eq!(journal.cursor("INBOX").expect("cursor"), None);
        let fact = |kind, at, status: &str| Return {
            key: "a@ac-lille.example".into(),
            address: "a@ac-lille.example".into(),
            kind,
            at,
            status: Some(status.into()),
            diagnostic: None,
        };
        let cursor = Cursor {
            uid_validity: 7,
            last_uid: 12,
        };
        journal
            .record_returns(&[fact(ReturnKind::Delayed, 10, "4.4.1")], "INBOX", cursor)
            .expect("recorded");
        journal
            .record_returns(
                &[
                    fact(ReturnKind::Delayed, 20, "4.4.2"),
                    fact(ReturnKind::Bounced, 30, "5.1.1"),
                ],
                "INBOX",
                Cursor {
                    last_uid: 15,
                    ..cursor
                },
            )
            .expect("recorded");
        let returns = journal.returns().expect("returns");
        let kept = &returns["a@ac-lille.example"];
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].kind, ReturnKind::Bounced);
        assert_eq!(kept[1].status.as_deref(), Some("4.4.2"));
        assert_eq!(
            journal.cursor("INBOX").expect("cursor"),
            Some(Cursor {
                uid_validity: 7,
                last_uid: 15
            })
        );
    }
}
