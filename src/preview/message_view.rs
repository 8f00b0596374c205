//! A composed message read back for its page: headers decoded, the HTML and text parts, the
//! attached files.
//!
//! The page is built from the very bytes `send` would submit, parsed by `mail-parser`, not
//! from the data that went into them: a fault of composition (a part missing, a name badly
//! encoded, an image not embedded) then shows in the review instead of hiding behind it.
//! The HTML part, once composed, refers to its images by Content-ID, and only the message
//! knows which file each one is.

use std::borrow::Cow;

use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders, PartType};

/// What a message page shows, borrowed from the message's bytes.
pub(super) struct MessageView<'a> {
    /// Every header a person reads, decoded, in the message's order.
    pub headers: Vec<(String, String)>,
    /// The `To` recipients: display name (may be empty) and address.
    pub to: Vec<(String, String)>,
    pub html: Option<String>,
    pub text: Option<String>,
    pub files: Vec<FilePart<'a>>,
}

/// One attached or embedded file.
pub(super) struct FilePart<'a> {
    pub name: String,
    pub content_type: String,
    /// Set for an image the HTML part shows (`cid:`), without its angle brackets.
    pub content_id: Option<String>,
    pub bytes: Cow<'a, [u8]>,
}

/// MIME bookkeeping a reviewer has no use for.
const HIDDEN: [&str; 3] = ["mime-version", "content-type", "content-transfer-encoding"];

impl<'a> MessageView<'a> {
    /// Reads a message; `None` when the bytes are not a message at all.
    pub(super) fn parse(bytes: &'a [u8]) -> Option<Self> {
        let message = MessageParser::default().parse(bytes)?;
        let headers = message
            .headers()
            .iter()
            .filter(|h| !HIDDEN.contains(&h.name().to_ascii_lowercase().as_str()))
            .map(|h| (h.name().to_string(), display(h.value())))
            .collect();
        let to = message
            .to()
            .map(|address| {
                address
                    .iter()
                    .map(|a| {
                        (
                            a.name().unwrap_or_default().to_string(),
                            a.address().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        // Only real parts: mail-parser would make a text part from the HTML, or the reverse.
        let html = message.html_part(0).and_then(|part| match &part.body {
            PartType::Html(html) => Some(html.to_string()),
            _ => None,
        });
        let text = message.text_part(0).and_then(|part| match &part.body {
            PartType::Text(text) => Some(text.to_string()),
            _ => None,
        });
        let described: Vec<(u32, FilePart<'a>)> = message
            .attachments
            .iter()
            .filter_map(|&id| Some((id, describe(message.part(id)?))))
            .collect();
        // The decoded bodies are moved out of the parsed message, not copied.
        let mut parts = message.parts;
        let files = described
            .into_iter()
            .filter_map(|(id, mut file)| {
                let part = parts.get_mut(usize::try_from(id).ok()?)?;
                file.bytes = match std::mem::take(&mut part.body) {
                    PartType::Binary(bytes) | PartType::InlineBinary(bytes) => bytes,
                    PartType::Text(text) | PartType::Html(text) => match text {
                        Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
                        Cow::Owned(text) => Cow::Owned(text.into_bytes()),
                    },
                    PartType::Message(_) | PartType::Multipart(_) => return None,
                };
                Some(file)
            })
            .collect();
        Some(Self {
            headers,
            to,
            html,
            text,
            files,
        })
    }
}

/// A file's name, type and Content-ID; its bytes are filled in by the caller.
fn describe<'a>(part: &mail_parser::MessagePart<'_>) -> FilePart<'a> {
    FilePart {
        name: part.attachment_name().unwrap_or("sans-nom").to_string(),
        content_type: part.content_type().map_or_else(
            || "application/octet-stream".into(),
            |t| match &t.c_subtype {
                Some(sub) => format!("{}/{sub}", t.c_type),
                None => t.c_type.to_string(),
            },
        ),
        content_id: part
            .content_id()
            .map(|id| id.trim_matches(['<', '>']).to_string()),
        bytes: Cow::Borrowed(&[]),
    }
}

/// A header's value as a person reads it.
fn display(value: &HeaderValue<'_>) -> String {
    match value {
        HeaderValue::Address(address) => addresses(address),
        HeaderValue::Text(text) => text.to_string(),
        HeaderValue::TextList(list) => list.join(", "),
        HeaderValue::DateTime(date) => date.to_rfc822(),
        HeaderValue::ContentType(t) => match &t.c_subtype {
            Some(sub) => format!("{}/{sub}", t.c_type),
            None => t.c_type.to_string(),
        },
        HeaderValue::Received(_) | HeaderValue::Empty => String::new(),
    }
}

fn addresses(address: &Address<'_>) -> String {
    address
        .iter()
        .map(|a| match (a.name(), a.address()) {
            (Some(name), Some(email)) => format!("{name} <{email}>"),
            (None, Some(email)) => email.to_string(),
            (Some(name), None) => name.to_string(),
            (None, None) => String::new(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
