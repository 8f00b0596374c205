//! What a configuration file may get wrong, kept as data and said when shown
//! (`locales/*/config.ftl`), so the same error reads in English or in French.
//!
//! TOML's own refusals are read again when shown ([`TomlRefusal`]): missive's words for its
//! own values (a rate, a delimiter, a receipt) then come in the run's language, and the TOML
//! reader's words, which are English, are quoted as they are in French.

use std::fmt;
use std::sync::Arc;

use super::ConfigError;
use crate::i18n::{Lang, in_lang, lang};

/// What the TOML reader refused in a file: the file's text, and how to read it again.
#[derive(Debug, Clone)]
pub(crate) struct TomlRefusal {
    text: Arc<str>,
    /// Reads `text` again and gives the refusal's words (`None`: it reads now).
    reread: fn(&str) -> Option<String>,
    /// The words when it was refused, should reading again not refuse it.
    first: String,
}

impl TomlRefusal {
    pub(crate) fn new(text: &str, reread: fn(&str) -> Option<String>, first: String) -> Self {
        Self {
            text: Arc::from(text),
            reread,
            first,
        }
    }

    /// The refusal's words in this thread's language.
    fn said(&self) -> String {
        (self.reread)(&self.text).unwrap_or_else(|| self.first.clone())
    }
}

impl fmt::Display for TomlRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let said = self.said();
        // The same words in English and here: the TOML reader's own, quoted.
        if lang() == Lang::Fr && in_lang(Lang::En, || self.said()) == said {
            return f.write_str(&t!("config-toml-said", said = said));
        }
        f.write_str(&said)
    }
}

/// What is wrong at a line of a configuration file.
#[derive(Debug)]
pub(crate) enum SyntaxProblem {
    /// A value TOML refused: `key`, in `table` unless at the top of the file.
    Value {
        table: Option<String>,
        key: String,
        refusal: TomlRefusal,
    },
    /// Anything else TOML refused (a key, a header).
    Toml(TomlRefusal),
    /// A line of mailmerge's `mailmerge_server.conf`.
    Mailmerge(crate::mailmerge::ServerConfProblem),
}

impl fmt::Display for SyntaxProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Value {
                table: Some(table),
                key,
                refusal,
            } => f.write_str(&t!(
                "config-toml-table-value",
                table = table.as_str(),
                key = key.as_str(),
                said = refusal.to_string()
            )),
            Self::Value {
                table: None,
                key,
                refusal,
            } => f.write_str(&t!(
                "config-toml-value",
                key = key.as_str(),
                said = refusal.to_string()
            )),
            Self::Toml(refusal) => write!(f, "{refusal}"),
            Self::Mailmerge(problem) => write!(f, "{problem}"),
        }
    }
}

/// What is wrong with one `[[smtp.relay]]` entry (or `[imap]`).
#[derive(Debug)]
pub(crate) enum EntryProblem {
    Password,
    BothSecrets,
    NoUrl,
    WeightZero,
    ConcurrencyZero,
    ImapPassword,
    ImapBothSecrets,
    /// A value TOML refused: `key`, at `line`.
    Toml {
        key: String,
        line: usize,
        refusal: TomlRefusal,
    },
    /// A problem of the entry's values once read (its address).
    Other(Box<ConfigError>),
}

impl fmt::Display for EntryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Self::Password => t!("config-entry-password"),
            Self::BothSecrets => t!("config-entry-both-secrets"),
            Self::NoUrl => t!("config-entry-no-url"),
            Self::WeightZero => t!("config-entry-weight-zero"),
            Self::ConcurrencyZero => t!("config-entry-concurrency-zero"),
            Self::ImapPassword => t!("config-imap-password"),
            Self::ImapBothSecrets => t!("config-imap-both-secrets"),
            Self::Toml { key, line, refusal } => t!(
                "config-entry-toml",
                key = key.as_str(),
                line = line.to_string(),
                said = refusal.to_string()
            ),
            Self::Other(error) => error.to_string(),
        })
    }
}
