//! `missive init --from-eml`: a received message (an `.eml` file as a mail client saves it)
//! becomes a campaign that relays it to a staff list, the way a school head forwards the
//! inspector's circular to their teachers.
//!
//! ```text
//! .eml ──► received (mail-parser: charsets, transfer encodings, a forwarded attachment)
//!      ──► files (attachments decoded once, named, inline images told apart)
//!      ──► body (the head's note, the forwarded block, the original escaped for Tera)
//!      ──► written (template, campaign.toml, the sample staff list)
//! ```
//!
//! Everything here is pure: it returns the files to write, and `commands::init_from_eml`
//! writes them (never over an existing file).

mod body;
mod files;
mod french;
mod received;
mod written;

pub(crate) use written::STAFF_LIST;

/// What `missive init --from-eml` is asked for besides the message.
#[derive(Debug, Clone, Default)]
pub(crate) struct RelayOptions {
    /// The subject of the relayed messages, instead of `TR : <original subject>`.
    pub subject: Option<String>,
}

/// The campaign that relays a received message.
#[derive(Debug)]
pub(crate) struct Relay {
    /// The files to write, by path relative to the campaign folder.
    pub files: Vec<(String, Vec<u8>)>,
    /// The template's path, relative to the campaign folder.
    pub template: String,
    /// The subject of the relayed messages, as written in the template.
    pub subject: String,
    /// The original's sender and subject, for the summary `init` prints.
    pub original_from: Option<String>,
    pub original_subject: String,
    /// The original was itself attached to the saved message (forwarded as an attachment).
    pub unwrapped: bool,
    /// Files attached to every relayed message, and images shown inline, by file name.
    pub attached: Vec<String>,
    pub inline: Vec<String>,
    /// Parts of the original not relayed, with why.
    pub left_out: Vec<LeftOut>,
}

/// Why a file cannot be turned into a campaign.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FromEmlError {
    #[error("{}", t!("eml-outlook-msg"))]
    OutlookMsg,
    #[error("{}", t!("eml-not-a-message"))]
    NotAMessage,
    /// The subjects of the forwarded messages, as written.
    #[error("{}", t!(
        "eml-many-forwarded",
        count = subjects.len(),
        subjects = subjects.iter().map(|s| t!("eml-subject", subject = s.as_str())).collect::<Vec<_>>().join(", ")
    ))]
    ManyForwarded { subjects: Vec<String> },
    #[error("{}", t!("eml-subject-line-break"))]
    SubjectLineBreak,
}

/// A part of the original not relayed, by its file name (or its type), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LeftOut {
    pub name: String,
    pub why: Why,
}

/// Why a part of the original is not relayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    /// A signature of the original: it would not match the relayed message.
    Signature,
    /// Outlook's private copy of the formatting (`winmail.dat`).
    Tnef,
    /// An empty file.
    Empty,
}

impl std::fmt::Display for LeftOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = self.name.as_str();
        f.write_str(&match self.why {
            Why::Signature => t!("eml-left-out-signature", name = name),
            Why::Tnef => t!("eml-left-out-tnef", name = name),
            Why::Empty => t!("eml-left-out-empty", name = name),
        })
    }
}

/// Builds the campaign relaying the message in `eml` (the bytes of an `.eml` file).
pub(crate) fn build(eml: &[u8], options: &RelayOptions) -> Result<Relay, FromEmlError> {
    let received = received::read(eml)?;
    if options
        .subject
        .as_deref()
        .is_some_and(|s| s.contains(['\r', '\n']))
    {
        return Err(FromEmlError::SubjectLineBreak);
    }
    let shown = match &received.body {
        received::Body::Html(html) => body::shown_content_ids(html),
        received::Body::Text(_) => Vec::new(),
    };
    let extracted = files::extract(&received.parts, &shown);
    let written = written::campaign(&received, &extracted, options);
    let mut left_out = received.left_out.clone();
    left_out.extend(extracted.left_out.iter().cloned());
    Ok(Relay {
        files: written.files,
        template: written.template,
        subject: written.subject,
        original_from: received.from.clone(),
        original_subject: received.subject.clone(),
        unwrapped: received.unwrapped,
        attached: extracted
            .files
            .iter()
            .filter(|f| f.listed)
            .map(|f| f.name.clone())
            .collect(),
        inline: extracted
            .files
            .iter()
            .filter(|f| !f.listed)
            .map(|f| f.name.clone())
            .collect(),
        left_out,
    })
}

#[cfg(test)]
mod tests;
