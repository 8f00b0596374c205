//! The run's error: every stage's own error, composed, each variant carrying its data, and
//! mapped to the exit codes of the command-line contract in one place ([`RunError::exit_status`]).
//! The words are the stages' own (`Display`), read from that data at the edge, in the run's
//! language (`locales/*/run.ftl`).

use std::path::PathBuf;
use std::sync::Arc;

use crate::bundle::BundleError;
use crate::compose::AttachmentError;
use crate::config::ConfigError;
use crate::deliver::login::LoginError;
use crate::deliver::{Fault, SessionError};
use crate::exit_status::ExitStatus;
use crate::filter::FilterError;
use crate::journal::JournalError;
use crate::pipeline::DuplicateIndexError;
use crate::preview::{ApprovalError, PreviewError, ReviewError, ReviewMismatch};
use crate::recipients::RecipientError;
use crate::render::TemplateError;

/// A fault of the whole run: nothing, or nothing more, can be sent.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RunError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Recipients(#[from] RecipientError),
    #[error(transparent)]
    Attachment(#[from] AttachmentError),
    #[error(transparent)]
    Filter(#[from] FilterError),
    #[error("{}", match rows {
        0 => t!("run-invalid-rows", count = *count),
        rows => t!("run-invalid-rows-on", count = *count, rows = *rows),
    })]
    InvalidRows { count: usize, rows: usize },
    #[error("{}", t!("run-denied-warnings", count = *count, named = Denied::list(named)))]
    DeniedWarnings { count: usize, named: Vec<Denied> },
    #[error("{}", t!("run-at", place = path.display().to_string(), error = crate::i18n::system(source)))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Delivery(#[from] Fault),
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    DuplicateIndex(Arc<DuplicateIndexError>),
    #[error(transparent)]
    Review(#[from] ReviewError),
    #[error(transparent)]
    Approval(#[from] ApprovalError),
    #[error("{0}")]
    NotReviewed(#[from] Box<ReviewMismatch>),
    #[error(transparent)]
    Preview(#[from] PreviewError),
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error(transparent)]
    Serve(#[from] crate::serve::ServeError),
    #[error("{}", t!("run-at", place = eml.display().to_string(), error = error.to_string()))]
    Eml {
        eml: PathBuf,
        error: crate::from_eml::FromEmlError,
    },
    #[error("{}", t!(
        "run-would-overwrite",
        count = existing.len(),
        files = existing.join(", "),
        retry = retry.as_str()
    ))]
    WouldOverwrite {
        existing: Vec<String>,
        retry: String,
    },
    /// A relay that may not be used as configured; `entry` names a pool's entry.
    #[error("{}", match entry {
        Some(entry) => t!("run-relay-entry", entry = entry.as_str(), problem = problem.to_string()),
        None => problem.to_string(),
    })]
    Relay {
        entry: Option<String>,
        problem: RelayProblem,
    },
    #[error("{}", t!("run-no-message"))]
    NoMessage,
    #[error("{}", t!("run-no-terminal", plan = plan.to_string()))]
    NoTerminal { plan: crate::commands::send::Plan },
    #[error("{}", t!("run-answer", error = crate::i18n::system(.0)))]
    Answer(std::io::Error),
    #[error("{}", t!("run-runtime", error = crate::i18n::system(.0)))]
    Runtime(std::io::Error),
    #[error(transparent)]
    Mailbox(#[from] crate::commands::mailbox::MailboxError),
    #[error(transparent)]
    Suppression(#[from] crate::suppression::SuppressionError),
}

/// Why a relay cannot be used as configured.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RelayProblem {
    #[error("{}", t!("run-token-over-plaintext", url = url.as_str(), host = host.as_str()))]
    TokenOverPlaintext { url: String, host: String },
    #[error("{}", t!("run-plaintext", url = url.as_str(), host = host.as_str()))]
    Plaintext { url: String, host: String },
    #[error(transparent)]
    Login(#[from] LoginError),
    #[error(transparent)]
    Session(#[from] SessionError),
}

/// A warning `--deny-warnings` made an error, and how many it touched: its name (the name
/// `--events json` gives it) and a count, said in the run's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Denied {
    /// A content warning, on `messages` messages.
    Content { name: &'static str, messages: usize },
    /// Other content warnings of a kind, on `messages` more messages.
    MoreContent { name: &'static str, messages: usize },
    /// Rows repeating an earlier row's recipients.
    Duplicate { rows: usize },
    /// Addresses only some relays carry (SMTPUTF8).
    NeedsSmtpUtf8 { addresses: usize },
}

impl Denied {
    /// The warnings, in a list: `image_without_alt on 5 messages, duplicate on 1 row`.
    fn list(named: &[Denied]) -> String {
        named
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl std::fmt::Display for Denied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match *self {
            Self::Content { name, messages } => {
                t!("run-denied-on-messages", name = name, count = messages)
            }
            Self::MoreContent { name, messages } => {
                t!("run-denied-on-more-messages", name = name, count = messages)
            }
            Self::Duplicate { rows } => t!("run-denied-on-rows", name = "duplicate", count = rows),
            Self::NeedsSmtpUtf8 { addresses } => {
                t!(
                    "run-denied-on-addresses",
                    name = "needs_smtputf8",
                    count = addresses
                )
            }
        })
    }
}

impl RunError {
    /// Whether the run ended because whoever read its standard output went away.
    pub(crate) fn is_closed_output(&self) -> bool {
        matches!(self, Self::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The exit code of the contract: 1 for what must be mended before anything is sent, 4
    /// for a run that stopped and can be resumed as it is.
    pub(crate) fn exit_status(&self) -> ExitStatus {
        match self {
            Self::Session(_) | Self::Delivery(_) => ExitStatus::Stopped,
            Self::Mailbox(error) if error.is_resumable() => ExitStatus::Stopped,
            Self::Journal(error) if error.is_resumable() => ExitStatus::Stopped,
            _ => ExitStatus::InputError,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, audit::english_left, in_lang};

    /// The errors of this module that carry their own words, with their data.
    fn errors() -> Vec<RunError> {
        let relay = |entry: Option<&str>, problem| RunError::Relay {
            entry: entry.map(str::to_owned),
            problem,
        };
        vec![
            RunError::InvalidRows { count: 1, rows: 0 },
            RunError::InvalidRows { count: 3, rows: 2 },
            RunError::DeniedWarnings {
                count: 2,
                named: vec![
                    Denied::Content {
                        name: "image_without_alt",
                        messages: 1_234,
                    },
                    Denied::Duplicate { rows: 1 },
                ],
            },
            RunError::Io {
                path: PathBuf::from("liste.csv"),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            },
            RunError::WouldOverwrite {
                existing: vec!["campaign.toml".into()],
                retry: "missive init autre-dossier".into(),
            },
            RunError::NoMessage,
            RunError::Answer(std::io::Error::from(std::io::ErrorKind::UnexpectedEof)),
            relay(
                Some("secours"),
                RelayProblem::Plaintext {
                    url: "smtp://relais.example:25".into(),
                    host: "relais.example".into(),
                },
            ),
            relay(
                None,
                RelayProblem::TokenOverPlaintext {
                    url: "smtp://relais.example:25".into(),
                    host: "relais.example".into(),
                },
            ),
        ]
    }

    #[test]
    fn every_error_here_is_said_in_french_with_no_english_left() {
        for error in errors() {
            let french = in_lang(Lang::Fr, || error.to_string());
            assert_eq!(english_left(&french), Vec::<String>::new(), "{french}");
            assert_ne!(french, in_lang(Lang::En, || error.to_string()));
        }
    }

    #[test]
    fn counts_have_real_plurals_in_both_languages() {
        let [one, three, denied, io, overwrite, .., plaintext, _] = &errors()[..] else {
            panic!("the errors above");
        };
        let en = |error: &RunError| in_lang(Lang::En, || error.to_string());
        let fr = |error: &RunError| in_lang(Lang::Fr, || error.to_string());
        assert_eq!(
            en(one),
            "1 problem to fix (listed above); fix it, or give `--skip-invalid` to leave those rows out"
        );
        assert_eq!(
            en(three),
            "3 problems to fix (listed above), on 2 rows; fix them, or give `--skip-invalid` to leave those rows out"
        );
        assert_eq!(
            fr(one),
            "1 problème à corriger (indiqué ci-dessus)\u{202f}; corrigez-le, ou donnez `--skip-invalid` pour laisser ces lignes de côté"
        );
        assert_eq!(
            fr(three),
            "3 problèmes à corriger (indiqués ci-dessus), sur 2 lignes\u{202f}; corrigez-les, ou donnez `--skip-invalid` pour laisser ces lignes de côté"
        );
        assert_eq!(
            en(denied),
            "`--deny-warnings` makes the 2 warnings above errors (image_without_alt on 1,234 messages, duplicate on 1 row); nothing is sent: fix them, or run without `--deny-warnings`"
        );
        assert_eq!(
            fr(denied),
            "`--deny-warnings` fait des 2 avertissements ci-dessus des erreurs (`image_without_alt` sur 1\u{202f}234 messages, `duplicate` sur 1 ligne)\u{202f}; rien n'est envoyé\u{a0}: corrigez-les, ou lancez la commande sans `--deny-warnings`"
        );
        assert_eq!(fr(io), "liste.csv\u{a0}: fichier ou dossier introuvable");
        assert_eq!(
            fr(overwrite),
            "rien n'est écrit\u{a0}: ce fichier existe déjà, et missive ne le remplace jamais\u{a0}: campaign.toml\u{202f}; choisissez un dossier vide avec `missive init autre-dossier`"
        );
        assert_eq!(
            fr(plaintext),
            "secours\u{a0}: le relais smtp://relais.example:25 n'est pas protégé par TLS et n'est pas \
             cette machine\u{202f}; utilisez `smtps://relais.example:465` ou \
             `smtp://relais.example:587?tls=required`, ou ajoutez `--insecure` si vous voulez \
             vraiment envoyer en clair"
        );
        assert_eq!(
            en(plaintext),
            "secours: smtp://relais.example:25 is not protected by TLS and is not this machine; \
             use `smtps://relais.example:465` or `smtp://relais.example:587?tls=required`, or add \
             `--insecure` if you really mean plaintext"
        );
        assert_eq!(
            en(overwrite),
            "nothing written: this file exists already and is never overwritten: campaign.toml; choose an empty folder with `missive init autre-dossier`"
        );
    }
}
