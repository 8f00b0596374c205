//! The copies a run puts in the mailbox (a message in Sent, a draft in Drafts), kept in the
//! journal beside the outcomes, so that a resumed or repeated run puts none there twice.
//!
//! A copy is marked `appending` before it goes to the IMAP server and `done` once the server
//! took it. A run that stopped in between leaves `appending`: the next run asks the folder
//! whether the message is there (by its Message-ID) before it appends it again.

use std::collections::HashMap;

use rusqlite::params;

use super::{Journal, JournalError, now, sql};

/// The table, in every file journal (an older missive leaves it alone).
pub(super) const TABLE: &str = "
CREATE TABLE IF NOT EXISTS copies (
    key     TEXT NOT NULL,   -- the message's (recipients.key)
    kind    TEXT NOT NULL,   -- 'sent': a copy in Sent; 'draft': a draft in Drafts
    state   TEXT NOT NULL,   -- 'appending', then 'done'
    folder  TEXT NOT NULL,   -- the folder's name as the server spells it
    uid     INTEGER,         -- its UID there, when the server said (UIDPLUS)
    stands  INTEGER NOT NULL DEFAULT 1, -- messages it stands for (`save_sent = \"first\"`)
    at      INTEGER NOT NULL,
    PRIMARY KEY (key, kind)
);
";

/// What a copy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CopyKind {
    /// A message the relay accepted, in the Sent folder.
    Sent,
    /// A message not sent, in the Drafts folder (`missive drafts`).
    Draft,
}

impl CopyKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Draft => "draft",
        }
    }
}

/// Where a copy stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CopyState {
    /// On its way: it may be in the folder or not.
    Appending,
    /// In the folder.
    Done,
}

impl CopyState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Appending => "appending",
            Self::Done => "done",
        }
    }

    fn parse(word: &str) -> Self {
        if word == "done" {
            Self::Done
        } else {
            Self::Appending
        }
    }
}

/// One copy as the journal keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Copy {
    pub state: CopyState,
    pub folder: String,
    /// The messages it stands for: 1, or the campaign's count for `save_sent = "first"`.
    pub stands: u64,
}

/// A change to a copy.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CopyMark<'a> {
    pub key: &'a str,
    pub kind: CopyKind,
    pub state: CopyState,
    pub folder: &'a str,
    pub uid: Option<u32>,
    pub stands: u64,
}

/// A message the relay accepted: what its copy needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Accepted {
    pub key: String,
    pub message_id: String,
    /// When the relay accepted it (Unix seconds): the copy's date.
    pub at: i64,
}

impl Journal {
    /// The copies of `kind`, by message key.
    pub(crate) fn copies(&self, kind: CopyKind) -> Result<HashMap<String, Copy>, JournalError> {
        let on = sql(&self.path);
        // A journal only read (`status`), made by an earlier missive, has no such table.
        let present: bool = self
            .connection
            .query_row(
                "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'copies'",
                [],
                |row| row.get(0),
            )
            .map_err(&on)?;
        if !present {
            return Ok(HashMap::new());
        }
        let mut statement = self
            .connection
            .prepare("SELECT key, state, folder, stands FROM copies WHERE kind = ?1")
            .map_err(&on)?;
        let rows = statement
            .query_map([kind.as_str()], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    Copy {
                        state: CopyState::parse(&row.get::<_, String>(1)?),
                        folder: row.get(2)?,
                        stands: row
                            .get::<_, i64>(3)
                            .map(|n| u64::try_from(n).unwrap_or(0))?,
                    },
                ))
            })
            .map_err(&on)?;
        rows.collect::<Result<_, _>>().map_err(&on)
    }

    /// Records a copy's state, durably.
    pub(crate) fn mark_copy(&mut self, mark: CopyMark<'_>) -> Result<(), JournalError> {
        self.connection
            .execute(
                "INSERT INTO copies (key, kind, state, folder, uid, stands, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (key, kind) DO UPDATE SET state = excluded.state,
                     folder = excluded.folder, uid = excluded.uid, stands = excluded.stands,
                     at = excluded.at",
                params![
                    mark.key,
                    mark.kind.as_str(),
                    mark.state.as_str(),
                    mark.folder,
                    mark.uid,
                    i64::try_from(mark.stands).unwrap_or(i64::MAX),
                    now()
                ],
            )
            .map(drop)
            .map_err(sql(&self.path))
    }

    /// A message put in Drafts: `drafted`, with where, unless something else happened to it
    /// meanwhile (a `send` that got there first).
    pub(crate) fn mark_drafted(
        &mut self,
        key: &str,
        reply: &str,
        revision: &str,
    ) -> Result<(), JournalError> {
        self.connection
            .execute(
                "UPDATE recipients SET state = 'drafted', code = NULL, reply = ?2, revision = ?3,
                     relay = NULL, updated = ?4
                 WHERE key = ?1 AND state IN ('pending', 'deferred')",
                params![key, reply, revision, now()],
            )
            .map(drop)
            .map_err(sql(&self.path))
    }

    /// The messages the relay accepted, in the list's order (those no longer listed last).
    pub(crate) fn accepted(&self) -> Result<Vec<Accepted>, JournalError> {
        let on = sql(&self.path);
        let mut statement = self
            .connection
            .prepare(
                "SELECT key, message_id, updated FROM recipients WHERE state = 'sent'
                 ORDER BY position IS NULL, position",
            )
            .map_err(&on)?;
        let rows = statement
            .query_map([], |row| {
                Ok(Accepted {
                    key: row.get(0)?,
                    message_id: row.get(1)?,
                    at: row.get(2)?,
                })
            })
            .map_err(&on)?;
        rows.collect::<Result<_, _>>().map_err(&on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_goes_from_appending_to_done_and_is_kept_per_kind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut journal = Journal::open(&dir.path().join("j.sqlite")).expect("journal");
        let mark = |state, kind| CopyMark {
            key: "a@ac-lille.example",
            kind,
            state,
            folder: "Sent",
            uid: None,
            stands: 1,
        };
        journal
            .mark_copy(mark(CopyState::Appending, CopyKind::Sent))
            .expect("mark");
        let copies = journal.copies(CopyKind::Sent).expect("copies");
        assert_eq!(copies["a@ac-lille.example"].state, CopyState::Appending);
        journal
            .mark_copy(CopyMark {
                uid: Some(7),
                stands: 12,
                ..mark(CopyState::Done, CopyKind::Sent)
            })
            .expect("mark");
        let copies = journal.copies(CopyKind::Sent).expect("copies");
        assert_eq!(
            copies["a@ac-lille.example"],
            Copy {
                state: CopyState::Done,
                folder: "Sent".into(),
                stands: 12
            }
        );
        assert!(journal.copies(CopyKind::Draft).expect("drafts").is_empty());
        // Reopened, it is still there.
        drop(journal);
        let journal = Journal::open(&dir.path().join("j.sqlite")).expect("journal");
        assert_eq!(journal.copies(CopyKind::Sent).expect("copies").len(), 1);
    }
}
