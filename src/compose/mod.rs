//! Composition: a rendered message becomes MIME bytes and an SMTP envelope.
//!
//! Everything that could differ between `preview` and `send` is derived from the campaign and
//! the recipient: Message-ID, MIME boundaries and Content-IDs. Only the Date header changes
//! (the preview's time in a preview, the time of hand-over on the wire), and
//! [`Outgoing::fingerprint`] leaves it out.
//!
//! Addresses go out in ASCII where they have an ASCII form (an internationalised domain in
//! its `xn--` form); a local part beyond ASCII makes the message one that only a relay
//! offering SMTPUTF8 carries ([`Outgoing::needs_smtputf8`]).

mod attachments;
mod date_line;
mod encoded_words;
mod fields;
mod head;
mod identity;
mod inline_images;
mod international;
mod line_cache;
mod message_bytes;
mod mime;
mod outgoing;
mod quoted_printable;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use lettre::Address;
use lettre::address::Envelope;
use lettre::message::Mailbox;
use sha2::{Digest, Sha256};

pub use attachments::{AttachmentError, AttachmentStore, EncodedFile};
pub use date_line::{DATE_LINE_LEN, date_line};
use fields::{Fields, read_header};
pub use identity::{hex, without_date};
pub use international::InternationalAddress;
pub use message_bytes::{MessageBytes, Run, Shared};
use mime::{Disposition, Multi, Node};
pub use outgoing::Outgoing;

use crate::follow_up::{EarlierCampaign, Previous};
use crate::recipients::RowRef;
use crate::recipients::address::{self, AddressError};
use crate::render::{Rendered, RenderedBody};

/// What every message of a campaign shares.
#[derive(Debug, Clone)]
pub struct ComposeSettings {
    /// Stable name of the campaign: Message-IDs derive from it.
    pub campaign_id: String,
    /// The template's folder: `Attachment:` paths and inline images are relative to it.
    pub template_dir: PathBuf,
    /// Files named by templates or data may not leave this folder.
    pub campaign_root: PathBuf,
    /// Files attached to every message.
    pub attachments: Vec<PathBuf>,
    /// A message bigger than this is an error for its row.
    pub max_message_size: u64,
    /// A test send: every message goes to this address alone, its subject marked.
    pub test_recipient: Option<Address>,
    /// Whether messages say `Auto-Submitted: auto-generated` (no out-of-office replies).
    pub auto_submitted: bool,
    /// Ask the relay for delivery status notifications (`receipts = ["delivery"]`).
    pub delivery_receipts: bool,
    /// Ask for read receipts: `Disposition-Notification-To` (`receipts = ["read"]`).
    pub read_receipts: bool,
    /// `follow_up`: the earlier campaign a message answers (`In-Reply-To`, `References`)
    /// when its primary address was in it.
    pub follow_up: Option<Arc<EarlierCampaign>>,
}

/// Why one recipient's message cannot be built.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ComposeError {
    #[error("{}", match column {
        Some(column) => t!("compose-address-column", row = row.to_string(), header = header.as_str(), line = *line, column = column.as_str(), error = error.to_string()),
        None => t!("compose-address", row = row.to_string(), header = header.as_str(), line = *line, error = error.to_string()),
    })]
    Address {
        row: RowRef,
        header: String,
        line: usize,
        /// The column of the list the address came from, when one holds it whole (named by
        /// the pipeline, which knows the row).
        column: Option<String>,
        error: AddressError,
    },
    #[error("{}", t!("compose-no-from", row = row.to_string()))]
    NoFrom { row: RowRef },
    #[error("{}", t!("compose-many-from", row = row.to_string(), count = *count))]
    ManyFrom { row: RowRef, count: usize },
    #[error("{}", t!("compose-no-recipient", row = row.to_string()))]
    NoRecipient { row: RowRef },
    #[error("{}", t!("compose-attachment", row = row.to_string(), error = error.to_string()))]
    Attachment { row: RowRef, error: AttachmentError },
    #[error("{}", t!("compose-reserved-header", row = row.to_string(), header = header.as_str(), line = *line))]
    ReservedHeader {
        row: RowRef,
        header: String,
        line: usize,
    },
    #[error("{}", t!("compose-control-character", row = row.to_string(), header = header.as_str(), line = *line))]
    ControlCharacter {
        row: RowRef,
        header: String,
        line: usize,
    },
    #[error("{}", t!("compose-too-big", row = row.to_string(), size = *size, limit = *limit, shown = crate::i18n::size(*size, crate::i18n::lang()), shown_limit = crate::i18n::size(*limit, crate::i18n::lang())))]
    TooBig { row: RowRef, size: u64, limit: u64 },
    /// A header name the mail library refuses.
    #[error("{}", t!("compose-header-name", row = row.to_string(), name = name.as_str()))]
    HeaderName { row: RowRef, name: String },
    /// What the mail library said (its own words, in English).
    #[error("{}", t!("compose-build", row = row.to_string(), said = message.as_str()))]
    Build { row: RowRef, message: String },
}

impl ComposeError {
    pub fn row(&self) -> &RowRef {
        match self {
            Self::Address { row, .. }
            | Self::NoFrom { row }
            | Self::ManyFrom { row, .. }
            | Self::NoRecipient { row }
            | Self::Attachment { row, .. }
            | Self::ReservedHeader { row, .. }
            | Self::ControlCharacter { row, .. }
            | Self::TooBig { row, .. }
            | Self::HeaderName { row, .. }
            | Self::Build { row, .. } => row,
        }
    }
}

/// Builds the messages of one run; shares the encoded attachments between them.
#[derive(Debug)]
pub struct Composer {
    settings: ComposeSettings,
    store: Arc<AttachmentStore>,
    global: Vec<Arc<EncodedFile>>,
    /// The Date line of every message, written once.
    date: Arc<[u8]>,
}

impl Composer {
    /// Reads and encodes the campaign's attachments once. `date` is the Date every message
    /// is composed with (`send` puts the time of hand-over in its place on the wire).
    pub fn new(settings: ComposeSettings, date: SystemTime) -> Result<Self, AttachmentError> {
        let store = Arc::new(AttachmentStore::default());
        let global = settings
            .attachments
            .iter()
            .map(|path| store.load_trusted(path))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            settings,
            store,
            global,
            date: Arc::from(date_line(date).as_slice()),
        })
    }

    /// The files attached to every message.
    pub fn global_files(&self) -> &[Arc<EncodedFile>] {
        &self.global
    }

    pub fn store(&self) -> &AttachmentStore {
        &self.store
    }

    /// Builds one message.
    pub fn compose(&self, rendered: &Rendered) -> Result<Outgoing, ComposeError> {
        let row = &rendered.at;
        let mut fields = Fields::default();
        let follows_up = self.settings.follow_up.is_some();
        for header in &rendered.headers {
            read_header(row, header, &mut fields, follows_up)?;
        }
        let from = fields.single_from(row)?;
        let addressing = self.addressing(row, &fields, &from)?;
        let previous = self.settings.follow_up.as_ref().and_then(|earlier| {
            let primary = fields
                .to
                .iter()
                .chain(&fields.cc)
                .chain(&fields.bcc)
                .next()?;
            earlier.of(&primary.email).cloned()
        });
        let head = head::write(
            &fields,
            &from,
            &addressing,
            self.settings.test_recipient.as_ref(),
            head::Asks {
                auto_submitted: self.settings.auto_submitted,
                read_receipt: self.settings.read_receipts,
                answers: previous.as_deref().and_then(Previous::thread),
            },
        );
        let attached = self.attachments_of(row, &fields.attachments)?;
        let mut parts = Parts::new(&addressing.identity);
        let body = self.body_part(row, &rendered.body, &attached, &mut parts)?;
        let part = if attached.is_empty() {
            body.part
        } else {
            // Every attached file directly under multipart/mixed, with its name, so that
            // every client lists it; one the HTML shows too goes there once, inline with
            // its Content-ID (see DESIGN.md, "Attachments the body shows").
            let boundary = parts.boundary();
            let mut mixed = vec![body.part];
            mixed.extend(attached.iter().map(|file| {
                let shown = body
                    .shown_attached
                    .iter()
                    .find(|(_, f)| f.path == file.path);
                let disposition = match shown {
                    Some((content_id, _)) => Disposition::Inline {
                        content_id: content_id.clone(),
                        named: true,
                    },
                    None => Disposition::Attached,
                };
                Node::file(disposition, file)
            }));
            Node::multi(Multi::Mixed, boundary, mixed)
        };
        let date = Shared::Date(Arc::clone(&self.date));
        let bytes = mime::message(
            &[
                Run::Own(head.from.as_bytes()),
                Run::Shared(&date),
                Run::Own(head.rest.as_bytes()),
            ],
            &part,
        );
        let size = bytes.len() as u64;
        if size > self.settings.max_message_size {
            return Err(ComposeError::TooBig {
                row: row.clone(),
                size,
                limit: self.settings.max_message_size,
            });
        }
        let mut attachments: Vec<(String, u64)> = body
            .inline
            .iter()
            .chain(attached.iter())
            .map(|f| (f.file_name.clone(), f.size))
            .collect();
        attachments.dedup();
        Ok(Outgoing {
            at: row.clone(),
            key: addressing.key,
            envelope: addressing.envelope,
            message_id: addressing.message_id,
            to: addressing.to_display,
            subject: addressing.subject,
            attachments,
            bytes,
            international: fields.international,
            utf8_headers: head.is_utf8(),
            wants_dsn: self.settings.delivery_receipts,
            suppressed: Vec::new(),
            previous,
        })
    }

    /// Who the message goes to, and the identity derived from it.
    fn addressing(
        &self,
        row: &RowRef,
        fields: &Fields,
        from: &Mailbox,
    ) -> Result<Addressing, ComposeError> {
        let mut envelope_to: Vec<Address> = Vec::new();
        for mailbox in fields.to.iter().chain(&fields.cc).chain(&fields.bcc) {
            if !envelope_to.iter().any(|a| same_address(a, &mailbox.email)) {
                envelope_to.push(mailbox.email.clone());
            }
        }
        if envelope_to.is_empty() {
            return Err(ComposeError::NoRecipient { row: row.clone() });
        }
        let mut keys: Vec<String> = envelope_to.iter().map(address::normalise).collect();
        keys.sort();
        let key = keys.join(",");
        let identity = hex(&Sha256::digest(
            format!("{}\0{key}", self.settings.campaign_id).as_bytes(),
        ));
        let message_id = format!("<{}.missive@{}>", &identity[..32], from.email.domain());
        let to_display = fields
            .to
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let subject = fields.subject.clone().unwrap_or_default();
        let (subject, envelope_to) = match &self.settings.test_recipient {
            Some(test) => (format!("[TEST] {subject}"), vec![test.clone()]),
            None => (subject, envelope_to),
        };
        let envelope = Envelope::new(Some(from.email.clone()), envelope_to).map_err(|e| {
            ComposeError::Build {
                row: row.clone(),
                message: e.to_string(),
            }
        })?;
        Ok(Addressing {
            key,
            identity,
            message_id,
            to_display,
            subject,
            envelope,
        })
    }

    fn attachments_of(
        &self,
        row: &RowRef,
        named: &[String],
    ) -> Result<Vec<Arc<EncodedFile>>, ComposeError> {
        let mut files = self.global.clone();
        for relative in named {
            let file = self
                .store
                .load_within(
                    &self.settings.template_dir,
                    relative,
                    &self.settings.campaign_root,
                )
                .map_err(|error| ComposeError::Attachment {
                    row: row.clone(),
                    error,
                })?;
            if !files.iter().any(|f| f.path == file.path) {
                files.push(file);
            }
        }
        Ok(files)
    }

    fn body_part(
        &self,
        row: &RowRef,
        body: &RenderedBody,
        attached: &[Arc<EncodedFile>],
        parts: &mut Parts,
    ) -> Result<BodyPart, ComposeError> {
        let (text, html) = match body {
            RenderedBody::Plain(text) => {
                return Ok(BodyPart {
                    part: Node::plain(quoted_printable::encode(text)),
                    inline: Vec::new(),
                    shown_attached: Vec::new(),
                });
            }
            RenderedBody::Html { html, text } => (Some(text), html),
        };
        let images = inline_images::embed(html, |src| {
            self.store.load_within(
                &self.settings.template_dir,
                src,
                &self.settings.campaign_root,
            )
        })
        .map_err(|error| ComposeError::Attachment {
            row: row.clone(),
            error,
        })?;
        let html_part = Node::html(quoted_printable::encode(&images.html));
        // Images the HTML shows but nobody attached live beside it in multipart/related,
        // unnamed; those also attached travel once, beside the body (see `compose`).
        let (shown_attached, inline): (Vec<_>, Vec<_>) = images
            .files
            .into_iter()
            .partition(|(_, file)| attached.iter().any(|a| a.path == file.path));
        let rich = if inline.is_empty() {
            html_part
        } else {
            let boundary = parts.boundary();
            let mut related = vec![html_part];
            for (content_id, file) in &inline {
                let disposition = Disposition::Inline {
                    content_id: content_id.clone(),
                    named: false,
                };
                related.push(Node::file(disposition, file));
            }
            Node::multi(Multi::Related, boundary, related)
        };
        let part = match text {
            None => rich,
            Some(text) => {
                let boundary = parts.boundary();
                let plain = Node::plain(quoted_printable::encode(text));
                Node::multi(Multi::Alternative, boundary, vec![plain, rich])
            }
        };
        Ok(BodyPart {
            part,
            inline: inline.into_iter().map(|(_, f)| f).collect(),
            shown_attached,
        })
    }
}

struct Addressing {
    key: String,
    identity: String,
    message_id: String,
    to_display: String,
    subject: String,
    envelope: Envelope,
}

struct BodyPart {
    part: Node,
    /// The images the HTML shows that are not attached, inside multipart/related.
    inline: Vec<Arc<EncodedFile>>,
    /// The images the HTML shows that are attached too, with their Content-ID: they go
    /// beside the body, once.
    shown_attached: Vec<(String, Arc<EncodedFile>)>,
}

/// Deterministic MIME boundaries: the message's identity and a counter.
struct Parts {
    identity: String,
    next: usize,
}

impl Parts {
    fn new(identity: &str) -> Self {
        Self {
            identity: identity[..24].to_string(),
            next: 0,
        }
    }

    fn boundary(&mut self) -> String {
        self.next += 1;
        format!("=_missive_{}_{}", self.identity, self.next)
    }
}

fn same_address(a: &Address, b: &Address) -> bool {
    address::normalise(a) == address::normalise(b)
}

#[cfg(test)]
mod french_tests;
#[cfg(test)]
mod tests;
