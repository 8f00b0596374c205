//! Why a journal cannot be used, in words that say what to do.

use std::path::PathBuf;

use super::SCHEMA_VERSION;

/// Why the journal cannot be used. A password never reaches the journal, so none is shown.
#[derive(Debug, thiserror::Error)]
pub(crate) enum JournalError {
    #[error("`{}`: {source}; check that the folder exists and is writable, or give `--journal FILE`", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the journal `{}`: {source}; check the disk and the file's permissions", path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "another `missive send`{} is already sending with the journal `{}`; wait for it to end (or stop it with Ctrl-C), then run `missive send` again to go on",
        holder.map(|pid| format!(" (process `{pid}`)")).unwrap_or_default(),
        journal.display()
    )]
    Busy {
        journal: PathBuf,
        holder: Option<u32>,
    },
    #[error(
        "`{sent}` recipient(s) already got an earlier version of this campaign{}, and the template or an attachment changed since; to send this version to the others, run `missive send --new-revision`; to send everyone the same version, put the earlier files back",
        match uncertain { 0 => String::new(), n => format!(" (and `{n}` may have)") }
    )]
    EarlierRevision { sent: usize, uncertain: usize },
    #[error("no journal at `{}`: nothing was sent for this campaign yet; run `missive send`, or give the journal's place with `--journal FILE`", path.display())]
    Missing { path: PathBuf },
    #[error(
        "the journal `{}` is {}, but {} beside it show that `missive send` ran with it: it was deleted or emptied since, and sending now would send the whole campaign again to everyone; put the journal back (from a backup or the recycle bin), or, to start over on purpose and send to everyone again, delete {} too (or give another `--journal FILE`)",
        path.display(),
        if *emptied { "empty" } else { "missing" },
        companions.iter().map(|c| format!("`{}`", c.display())).collect::<Vec<_>>().join(" and "),
        companions.iter().map(|c| format!("`{}`", c.display())).collect::<Vec<_>>().join(" and ")
    )]
    Vanished {
        path: PathBuf,
        /// The file is there but empty (0 bytes), rather than gone.
        emptied: bool,
        /// The files beside it that a run leaves (its lock).
        companions: Vec<PathBuf>,
    },
    #[error("the journal `{}` was written by a newer missive (schema `{found}`, this one reads `{SCHEMA_VERSION}`); use that version, or give another `--journal FILE`", path.display())]
    Newer { path: PathBuf, found: i64 },
    #[error("the shared journal `{url}` cannot be used: {reason}")]
    Address { url: String, reason: String },
    #[error(
        "the shared journal `{journal}`: {source}; check that the database is running and reachable, and the user and password (`PGPASSWORD` or `~/.pgpass`)"
    )]
    Postgres {
        journal: String,
        source: ::postgres::Error,
    },
    #[error(
        "this sender's lease on the shared journal `{journal}` ran out (the database was out of reach too long): its messages in flight are now uncertain; run `missive send` again to go on"
    )]
    LeaseLost { journal: String },
    #[error(
        "cannot write the journal's mark log `{}`: {source}; no other message was sent. Free some space (or mend the folder's permissions), then run `missive send` again: it settles what was in flight first",
        path.display()
    )]
    MarkLog {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the journal `{}` holds the state `{word}`, which this missive does not know; use the version that wrote it", path.display())]
    UnknownState { path: PathBuf, word: String },
}

impl JournalError {
    /// Whether the run that met it can be resumed as it is, once the cause is gone (the
    /// database back, space freed, the other sender done): what was sent is recorded.
    pub(crate) fn is_resumable(&self) -> bool {
        matches!(
            self,
            Self::Io { .. }
                | Self::Sqlite { .. }
                | Self::Busy { .. }
                | Self::Postgres { .. }
                | Self::LeaseLost { .. }
                | Self::MarkLog { .. }
        )
    }
}
