//! Why a journal cannot be used, in words that say what to do.

use std::path::PathBuf;

use super::SCHEMA_VERSION;

/// Why the journal cannot be used. A password never reaches the journal, so none is shown.
#[derive(Debug, thiserror::Error)]
pub(crate) enum JournalError {
    #[error("{}", t!("journal-io", path = path.display().to_string(), reason = crate::i18n::system(source)))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", t!("journal-sqlite", path = path.display().to_string(), reason = source.to_string()))]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{}", match holder {
        Some(pid) => t!("journal-busy-process", pid = pid.to_string(), journal = journal.display().to_string()),
        None => t!("journal-busy", journal = journal.display().to_string()),
    })]
    Busy {
        journal: PathBuf,
        holder: Option<u32>,
    },
    #[error("{}", t!("journal-earlier-revision", sent = *sent, uncertain = *uncertain))]
    EarlierRevision { sent: usize, uncertain: usize },
    #[error("{}", t!("journal-missing", path = path.display().to_string()))]
    Missing { path: PathBuf },
    #[error("{}", t!(
        "journal-vanished",
        path = path.display().to_string(),
        emptied = if *emptied { "yes" } else { "no" },
        companions = companions
            .iter()
            .map(|c| quoted(&c.display().to_string()))
            .collect::<Vec<_>>()
            .join(&format!(" {} ", t!("journal-and")))
    ))]
    Vanished {
        path: PathBuf,
        /// The file is there but empty (0 bytes), rather than gone.
        emptied: bool,
        /// The files beside it that a run leaves (its lock).
        companions: Vec<PathBuf>,
    },
    #[error("{}", t!("journal-newer", path = path.display().to_string(), found = found.to_string(), reads = SCHEMA_VERSION.to_string()))]
    Newer { path: PathBuf, found: i64 },
    #[error("{}", t!("journal-address", url = url.as_str(), reason = reason.to_string()))]
    Address { url: String, reason: AddressProblem },
    #[error("{}", t!("journal-postgres", journal = journal.as_str(), reason = source.to_string()))]
    Postgres {
        journal: String,
        source: ::postgres::Error,
    },
    #[error("{}", t!("journal-lease-lost", journal = journal.as_str()))]
    LeaseLost { journal: String },
    #[error("{}", t!("journal-mark-log", path = path.display().to_string(), reason = crate::i18n::system(source)))]
    MarkLog {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", t!("journal-unknown-state", path = path.display().to_string(), word = word.as_str()))]
    UnknownState { path: PathBuf, word: String },
}

/// A file name as this run's language quotes it: `` `name` `` in English, « name » in French.
fn quoted(name: &str) -> String {
    match crate::i18n::lang() {
        crate::i18n::Lang::En => format!("`{name}`"),
        crate::i18n::Lang::Fr => crate::i18n::quote(name, crate::i18n::Lang::Fr),
    }
}

/// Why a shared journal's address cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AddressProblem {
    /// What the address reader, or the database library, said.
    Unreadable(String),
    /// `?lease=` is not a duration.
    Lease(String),
    /// `sslmode=require`, which this missive cannot do.
    SslRequired,
    /// A host that is not this machine.
    Remote(String),
    /// The journal was opened for reading only.
    ReadOnly,
    /// The database holds several campaigns and none was named.
    Campaigns(Vec<String>),
}

impl std::fmt::Display for AddressProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Self::Unreadable(reason) => t!("journal-address-unreadable", reason = reason.as_str()),
            Self::Lease(value) => t!("journal-address-lease", value = value.as_str()),
            Self::SslRequired => t!("journal-address-sslmode"),
            Self::Remote(host) => t!("journal-address-remote", host = host.as_str()),
            Self::ReadOnly => t!("journal-address-read-only"),
            Self::Campaigns(campaigns) => t!(
                "journal-address-campaigns",
                campaigns = campaigns
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, in_lang};

    #[test]
    fn a_busy_journal_and_a_lost_one_are_said_in_french() {
        let busy = JournalError::Busy {
            journal: PathBuf::from(".missive/journal.sqlite"),
            holder: Some(4242),
        };
        assert_eq!(
            in_lang(Lang::Fr, || busy.to_string()),
            "un autre `missive send` (processus `4242`) envoie déjà avec le journal \
             «\u{a0}.missive/journal.sqlite\u{a0}»\u{202f}; attendez qu'il finisse (ou arrêtez-le avec \
             Ctrl-C), puis relancez `missive send` pour continuer"
        );
        assert!(
            busy.to_string().starts_with(
                "another `missive send` (process `4242`) is already sending with the journal `.missive/journal.sqlite`;"
            ),
            "{busy}"
        );
        let vanished = JournalError::Vanished {
            path: PathBuf::from("journal.sqlite"),
            emptied: true,
            companions: vec![PathBuf::from("journal.sqlite.lock")],
        };
        let french = in_lang(Lang::Fr, || vanished.to_string());
        assert!(
            french.starts_with(
                "le journal «\u{a0}journal.sqlite\u{a0}» est vide, mais «\u{a0}journal.sqlite.lock\u{a0}» à côté"
            ),
            "{french}"
        );
        assert!(
            crate::i18n::audit::english_left(&french).is_empty(),
            "{french}"
        );
        assert!(
            vanished.to_string().starts_with(
                "the journal `journal.sqlite` is empty, but `journal.sqlite.lock` beside it"
            ),
            "{vanished}"
        );
    }
}
