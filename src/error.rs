//! The run's error: every stage's own error, composed, each variant carrying its data, and
//! mapped to the exit codes of the command-line contract in one place ([`RunError::exit_status`]).
//! The words are the stages' own (`Display`), read from that data at the edge.

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
use crate::preview::{PreviewError, ReviewError, ReviewMismatch};
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
    #[error(
        "{count} problem(s) to fix (listed above){}; fix them, or give `--skip-invalid` to leave those rows out",
        match rows { 0 => String::new(), n => format!(", on {n} row(s)") }
    )]
    InvalidRows { count: usize, rows: usize },
    #[error(
        "`--deny-warnings` makes the {count} warning(s) above errors ({named}); nothing is sent: fix them, or run without `--deny-warnings`"
    )]
    DeniedWarnings { count: usize, named: String },
    #[error("{}: {source}", path.display())]
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
    #[error("{0}")]
    NotReviewed(#[from] Box<ReviewMismatch>),
    #[error(transparent)]
    Preview(#[from] PreviewError),
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error("{}: {error}", eml.display())]
    Eml {
        eml: PathBuf,
        error: crate::from_eml::FromEmlError,
    },
    #[error(
        "nothing written: these files exist already and are never overwritten: {}; choose an empty folder with `{retry}`",
        existing.join(", ")
    )]
    WouldOverwrite {
        existing: Vec<String>,
        retry: String,
    },
    /// A relay that may not be used as configured; `entry` names a pool's entry.
    #[error("{}{problem}", entry.as_deref().map(|e| format!("{e}: ")).unwrap_or_default())]
    Relay {
        entry: Option<String>,
        problem: RelayProblem,
    },
    #[error("there is no message to send")]
    NoMessage,
    #[error(
        "about to {plan}, but there is no terminal to confirm on; add `--yes` to go ahead without asking"
    )]
    NoTerminal { plan: crate::commands::send::Plan },
    #[error("cannot read the answer: {0}")]
    Answer(std::io::Error),
    #[error("cannot start the network runtime: {0}")]
    Runtime(std::io::Error),
    #[error(transparent)]
    Mailbox(#[from] crate::commands::mailbox::MailboxError),
    #[error(transparent)]
    Suppression(#[from] crate::suppression::SuppressionError),
}

/// Why a relay cannot be used as configured.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RelayProblem {
    #[error(
        "{url} is not protected by TLS, and an OAuth2 token (`token_command`) is sent over TLS only; use `smtps://{host}:465` or `smtp://{host}:587?tls=required`"
    )]
    TokenOverPlaintext { url: String, host: String },
    #[error(
        "{url} is not protected by TLS and is not this machine; use `smtps://{host}:465` or `smtp://{host}:587?tls=required`, or add `--insecure` if you really mean plaintext"
    )]
    Plaintext { url: String, host: String },
    #[error(transparent)]
    Login(#[from] LoginError),
    #[error(transparent)]
    Session(#[from] SessionError),
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
