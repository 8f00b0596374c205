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
/// Its `Debug` leaves the text out: a file may hold a password (refused, never repeated).
#[derive(Clone)]
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

impl fmt::Debug for TomlRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TomlRefusal")
            .field("first", &self.first)
            .finish_non_exhaustive()
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::{CAMPAIGN_FILE, Campaign};
    use super::*;
    use crate::cli::Common;

    /// The error campaign.toml's `text` gives, in English and in French.
    fn refused(text: &str) -> (String, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path: PathBuf = dir.path().join(CAMPAIGN_FILE);
        std::fs::write(&path, text).expect("write");
        let error = Campaign::resolve(&Common {
            campaign: Some(path),
            ..Common::default()
        })
        .expect_err(text);
        let file = dir.path().display().to_string();
        let short = |said: String| said.replace(&file, "").replace(['/', '\\'], "");
        (
            short(error.to_string()),
            short(in_lang(Lang::Fr, || error.to_string())),
        )
    }

    #[test]
    fn missives_own_words_for_a_value_come_in_french() {
        let (english, french) = refused("template = \"m.md\"\ndelimiter = \"|\"\n");
        assert_eq!(
            english,
            "campaign.toml:2: `delimiter`: `|` is not a delimiter missive reads; use `;`, `,` or `tab`"
        );
        assert_eq!(
            french,
            "campaign.toml:2\u{a0}: `delimiter`\u{a0}: «\u{a0}|\u{a0}» n'est pas un séparateur que \
             missive sait lire\u{202f}; utilisez `;`, `,` ou `tab`"
        );
        let (_, french) = refused("receipts = [\"lu\"]\n");
        assert!(
            french.starts_with(
                "campaign.toml:1\u{a0}: `receipts`\u{a0}: «\u{a0}lu\u{a0}» n'est pas un accusé"
            ),
            "{french}"
        );
    }

    #[test]
    fn the_toml_readers_own_words_are_quoted_in_french() {
        let (english, french) = refused("template = \"m.md\"\n\n[throttle]\nrat = \"2/s\"\n");
        assert!(
            english.starts_with("campaign.toml:4: unknown field `rat`"),
            "{english}"
        );
        assert!(
            french.starts_with(
                "campaign.toml:4\u{a0}: le lecteur TOML dit «\u{a0}unknown field `rat`"
            ),
            "{french}"
        );
        assert!(french.ends_with('»'), "{french}");
        let left = crate::i18n::audit::english_left(&french);
        assert!(left.is_empty(), "{left:?} in {french}");
    }

    #[test]
    fn a_relay_entry_is_named_in_french() {
        let (english, french) =
            refused("[[smtp.relay]]\nurl = \"smtps://a.example\"\nweight = 0\n");
        assert_eq!(
            english,
            "campaign.toml: [[smtp.relay]] #1: `weight = 0` would give this relay no message; \
             give it 1 or more, or remove the entry"
        );
        assert_eq!(
            french,
            "campaign.toml: [[smtp.relay]] #1\u{a0}: `weight = 0` ne donnerait aucun message à ce \
             relais\u{202f}; donnez-lui 1 ou plus, ou retirez l'entrée"
        );
    }

    #[test]
    fn a_password_is_refused_in_french_without_being_repeated() {
        let (english, french) = refused("[smtp]\npassword = \"hunter2\"\n");
        assert!(!english.contains("hunter2") && !french.contains("hunter2"));
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(CAMPAIGN_FILE);
        std::fs::write(&path, "[smtp]\npassword = \"hunter2\"\nurl = 3\n").expect("write");
        let error = Campaign::resolve(&Common {
            campaign: Some(path),
            ..Common::default()
        })
        .expect_err("not a string");
        assert!(
            !format!("{error:?} {error}").contains("hunter2"),
            "{error:?}"
        );
        assert!(
            french.starts_with(
                "campaign.toml\u{a0}: un mot de passe ne doit pas être écrit dans le fichier de campagne"
            ),
            "{french}"
        );
    }
}
