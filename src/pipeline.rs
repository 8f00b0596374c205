//! The pipeline every command shares: recipients → render → compose. `check`, `preview` and
//! `send` differ only in what they do with each [`Outgoing`] message.

mod composed;
mod duplicates;

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use lettre::Address;

use crate::compose::{AttachmentError, ComposeError, ComposeSettings, Composer, Outgoing};
use crate::config::{Campaign, ConfigError};
use crate::deliver::SessionError;
use crate::exit_status::ExitStatus;
use crate::filter::{FilterError, RowFilter};
use crate::recipients::{self, Recipient, RecipientError, RecipientReader, RowRef};
use crate::render::{RenderError, Template, TemplateError};

use composed::Composed;
use duplicates::DuplicateIndex;
pub use duplicates::DuplicateIndexError;

/// A campaign ready to produce its messages.
pub struct Pipeline {
    pub campaign: Campaign,
    pub template: Template,
    pub composer: Composer,
    /// How the list was read (`CSV, UTF-8, delimiter ;`), for `check` to say.
    pub list_format: String,
    /// `--where`: only the rows it keeps go further.
    pub filter: Option<RowFilter>,
}

/// A problem with one row (or, for an unreadable list, with the list itself).
#[derive(Debug, Clone, thiserror::Error)]
pub enum Problem {
    #[error(transparent)]
    Recipient(#[from] Arc<RecipientError>),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Compose(#[from] ComposeError),
    #[error(
        "{at}: the same recipients as line {} ({key}); they get one message, unless `--allow-duplicates` is given",
        first.line
    )]
    Duplicate {
        at: RowRef,
        first: RowRef,
        key: String,
    },
    /// The temporary files that find duplicates failed: no row after it is checked.
    #[error(transparent)]
    DuplicateIndex(Arc<DuplicateIndexError>),
}

impl Problem {
    /// The row concerned; `None` when the whole list is unreadable.
    pub fn row(&self) -> Option<&RowRef> {
        match self {
            Self::Recipient(error) => error.row(),
            Self::Render(error) => Some(error.row()),
            Self::Compose(error) => Some(error.row()),
            Self::Duplicate { at, .. } => Some(at),
            Self::DuplicateIndex(_) => None,
        }
    }

    /// A warning lets the run go on (the duplicate is simply not sent twice).
    pub fn is_warning(&self) -> bool {
        matches!(self, Self::Duplicate { .. })
    }
}

/// A fault of the whole run: nothing, or nothing more, can be sent.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
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
        "{count} row(s) have problems (listed above); fix them, or give `--skip-invalid` to leave them out"
    )]
    InvalidRows { count: usize },
    #[error("{0}")]
    Refused(String),
    #[error("{}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Session(#[from] SessionError),
}

impl RunError {
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Self::Session(_) => ExitStatus::Stopped,
            _ => ExitStatus::InputError,
        }
    }
}

impl Pipeline {
    /// Opens the list, compiles the template against its columns, encodes the attachments.
    pub fn open(
        campaign: Campaign,
        date: SystemTime,
        test_recipient: Option<Address>,
    ) -> Result<(Self, RecipientReader), RunError> {
        let rows = recipients::open(&campaign.recipients, &campaign.read)?;
        let template = Template::load(&campaign.template, rows.columns())?;
        let settings = ComposeSettings {
            campaign_id: campaign.id.clone(),
            template_dir: campaign.template_dir(),
            campaign_root: campaign.root.clone(),
            attachments: campaign.attachments.clone(),
            max_message_size: campaign.max_message_size,
            test_recipient,
        };
        let composer = Composer::new(settings, date)?;
        let list_format = rows.format_description();
        let filter = campaign
            .filter
            .as_deref()
            .map(|expression| RowFilter::compile(expression, rows.columns()))
            .transpose()?;
        Ok((
            Self {
                campaign,
                template,
                composer,
                list_format,
                filter,
            },
            rows,
        ))
    }

    /// The campaign's revision: SHA-256 of the template and of every campaign attachment.
    /// A change after part of a campaign was sent is a new revision.
    pub fn revision(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        let file = self.template.file();
        hash.update(file.headers.as_bytes());
        hash.update(b"\0");
        hash.update(file.body.as_bytes());
        for attachment in self.composer.global_files() {
            hash.update(b"\0");
            hash.update(attachment.file_name.as_bytes());
            hash.update(attachment.body.clone().into_vec());
        }
        crate::compose::hex(&hash.finalize())
    }

    /// Every row's message or problem, in the list's order, in memory that stays flat
    /// whatever the length of the list (the index of envelopes seen writes to temporary
    /// files beyond 131,072 rows: see `pipeline/duplicates.rs`). A second message to the same envelope
    /// is a warning and is not sent, unless the campaign allows duplicates; when the index's
    /// files fail, that error is the last item. `rows` is any source of rows, so a command
    /// may look at each row on its way (`preview` flags empty fields). With `--shard`, the
    /// messages of other shards are left out, as if not listed; a row with a problem is
    /// reported by every shard, since its recipient is not known.
    pub fn messages<'a, R>(
        &'a self,
        rows: R,
    ) -> impl Iterator<Item = Result<Outgoing, Problem>> + 'a
    where
        R: IntoIterator<Item = Result<Recipient, RecipientError>>,
        R::IntoIter: 'a,
    {
        // Rendered and composed on every core, in the list's order. `--where`: a row it
        // leaves out goes no further, as if it were not listed.
        let composed = Composed::new(
            rows.into_iter().filter_map(move |row| match &self.filter {
                Some(filter) => filter.select(row),
                None => Some(row),
            }),
            move |row| self.compose(row),
            |item: &Result<Outgoing, Problem>| item.as_ref().map_or(0, |m| m.bytes.len()),
        );
        let mut seen = (!self.campaign.allow_duplicates).then(DuplicateIndex::default);
        let mut failed = false;
        // `Some(None)` skips a row; `None` ends the pass, after the index failed.
        composed
            .map_while(move |item| {
                if failed {
                    return None;
                }
                let message = match item {
                    Ok(message) => message,
                    Err(problem) => return Some(Some(Err(problem))),
                };
                if self
                    .campaign
                    .shard
                    .is_some_and(|shard| !shard.holds(&message.key))
                {
                    return Some(None);
                }
                let Some(seen) = &mut seen else {
                    return Some(Some(Ok(message)));
                };
                match seen.insert_or_first(envelope_digest(&message.key), message.at.line) {
                    Ok(None) => Some(Some(Ok(message))),
                    Ok(Some(line)) => Some(Some(Err(Problem::Duplicate {
                        first: RowRef {
                            file: Arc::clone(&message.at.file),
                            line,
                        },
                        at: message.at.clone(),
                        key: message.key.clone(),
                    }))),
                    Err(error) => {
                        failed = true;
                        Some(Some(Err(Problem::DuplicateIndex(Arc::new(error)))))
                    }
                }
            })
            .flatten()
    }

    /// One row's message.
    fn compose(&self, row: Result<Recipient, RecipientError>) -> Result<Outgoing, Problem> {
        let recipient = row.map_err(|e| Problem::Recipient(Arc::new(e)))?;
        let rendered = self.template.render(&recipient)?;
        Ok(self.composer.compose(&rendered)?)
    }
}

/// Envelope keys, short and fixed-size; two keys sharing a digest would take 2^64 rows.
fn envelope_digest(key: &str) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(key.as_bytes());
    let mut digest = [0; 16];
    digest.copy_from_slice(&hash[..16]);
    digest
}

/// What a pass over every row found.
#[derive(Debug, Default)]
pub struct Survey {
    pub messages: usize,
    pub bytes: u64,
    pub errors: usize,
    pub warnings: usize,
}

impl Survey {
    /// Counts one item and prints its problem, if any, on standard error.
    pub fn record(&mut self, item: &Result<Outgoing, Problem>) {
        match item {
            Ok(message) => {
                self.messages += 1;
                self.bytes += message.bytes.len() as u64;
            }
            Err(problem) if problem.is_warning() => {
                self.warnings += 1;
                eprintln!("warning: {problem}");
            }
            Err(problem) => {
                self.errors += 1;
                eprintln!("error: {problem}");
            }
        }
    }
}

/// A size as people read it: `2.1 MB`.
pub struct Size(pub u64);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        #[allow(clippy::cast_precision_loss)] // a display rounded to one decimal
        let bytes = self.0 as f64;
        match self.0 {
            0..1_000 => write!(f, "{} bytes", self.0),
            1_000..1_000_000 => write!(f, "{:.1} kB", bytes / 1e3),
            1_000_000..1_000_000_000 => write!(f, "{:.1} MB", bytes / 1e6),
            _ => write!(f, "{:.1} GB", bytes / 1e9),
        }
    }
}
