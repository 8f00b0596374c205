//! The received message, read with mail-parser, which decodes what mail clients write:
//! quoted-printable and base64, RFC 2047 subjects and names, RFC 2231 file names, and the
//! charsets (ISO-8859-1 is read as Windows-1252, as mail clients do, so Outlook's `’` and
//! `€` survive). A message saved with the circular attached to it (`message/rfc822`, what
//! "forward as attachment" makes) is unwrapped: the attached message is the one relayed.

use mail_parser::{Address, DateTime, Message, MessageParser, MimeHeaders, PartType};

use super::{FromEmlError, LeftOut, Why};

/// The first bytes of an OLE compound file: an Outlook `.msg`.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// How deep forwarded-as-attachment messages are unwrapped.
const MAX_UNWRAP: usize = 8;

/// Parts that make no sense once relayed: a signature of the original (it would not match
/// the relayed message) and Outlook's private copy of the formatting.
const NOT_RELAYED: [(&str, Why); 4] = [
    ("application/pkcs7-signature", Why::Signature),
    ("application/x-pkcs7-signature", Why::Signature),
    ("application/pgp-signature", Why::Signature),
    ("application/ms-tnef", Why::Tnef),
];

/// The message to relay, decoded.
#[derive(Debug, Clone)]
pub(super) struct Received {
    pub subject: String,
    pub from: Option<String>,
    /// The sender's address alone, for guessing the académie's domain.
    pub from_address: Option<String>,
    pub to: Option<String>,
    pub cc: Option<String>,
    pub date: Option<DateTime>,
    pub body: Body,
    pub parts: Vec<Part>,
    /// The message was attached to the saved one, which was unwrapped.
    pub unwrapped: bool,
    pub left_out: Vec<LeftOut>,
}

/// The original's body: its HTML when it has one, else its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Body {
    Html(String),
    Text(String),
}

/// One attached or embedded file of the original, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Part {
    pub name: Option<String>,
    /// Without its angle brackets.
    pub content_id: Option<String>,
    /// `image/png`.
    pub mime_type: String,
    pub bytes: Vec<u8>,
    /// `Content-Disposition: attachment`: the sender attached it, not only showed it.
    pub attachment: bool,
}

/// Reads the saved message and finds the one to relay.
pub(super) fn read(eml: &[u8]) -> Result<Received, FromEmlError> {
    if eml.starts_with(&OLE_MAGIC) {
        return Err(FromEmlError::OutlookMsg);
    }
    let saved = MessageParser::default()
        .parse(eml)
        .filter(|m| m.from().is_some() || m.subject().is_some() || m.date().is_some())
        .ok_or(FromEmlError::NotAMessage)?;
    let mut message = &saved;
    let mut unwrapped = false;
    for _ in 0..MAX_UNWRAP {
        match forwarded(message)? {
            Some(inner) => {
                message = inner;
                unwrapped = true;
            }
            None => break,
        }
    }
    let (parts, left_out) = parts_of(message);
    let first_from = message.from().and_then(Address::first);
    Ok(Received {
        subject: one_line(message.subject().unwrap_or_default()),
        from: addresses(message.from()),
        from_address: first_from.and_then(|a| a.address()).map(str::to_string),
        to: addresses(message.to()),
        cc: addresses(message.cc()),
        date: message.date().copied(),
        body: body_of(message),
        parts,
        unwrapped,
        left_out,
    })
}

/// The one message attached to this one, if there is exactly one.
fn forwarded<'a, 'x>(message: &'a Message<'x>) -> Result<Option<&'a Message<'x>>, FromEmlError> {
    let inner: Vec<&Message<'x>> = message
        .attachments
        .iter()
        .filter_map(|&id| message.parts.get(id as usize))
        .filter_map(|part| match &part.body {
            PartType::Message(inner) => Some(inner),
            _ => None,
        })
        .collect();
    match inner.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        many => Err(FromEmlError::ManyForwarded {
            subjects: many
                .iter()
                .map(|m| one_line(m.subject().unwrap_or_default()))
                .collect(),
        }),
    }
}

fn body_of(message: &Message<'_>) -> Body {
    // mail-parser lists a text part among the HTML bodies when there is no HTML (and the
    // reverse): keep the parts that really are HTML, or text.
    let html: Vec<&str> = message
        .html_bodies()
        .filter_map(|p| match &p.body {
            PartType::Html(html) => Some(html.as_ref()),
            _ => None,
        })
        .collect();
    if !html.is_empty() {
        return Body::Html(html.join("\n"));
    }
    let text: Vec<&str> = message
        .text_bodies()
        .filter_map(|p| match &p.body {
            PartType::Text(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect();
    Body::Text(text.join("\n"))
}

/// The files of the message (its attachments and embedded images), and what is left out.
fn parts_of(message: &Message<'_>) -> (Vec<Part>, Vec<LeftOut>) {
    let mut parts = Vec::new();
    let mut left_out = Vec::new();
    for &id in &message.attachments {
        let Some(part) = message.parts.get(id as usize) else {
            continue;
        };
        let is_body = matches!(part.body, PartType::Text(_) | PartType::Html(_))
            && (message.html_body.contains(&id) || message.text_body.contains(&id));
        if is_body || part.message().is_some() {
            continue;
        }
        let mime_type = part.content_type().map_or_else(
            || "application/octet-stream".to_string(),
            |t| format!("{}/{}", t.ctype(), t.subtype().unwrap_or("octet-stream")).to_lowercase(),
        );
        let name = part.attachment_name().map(one_line);
        if let Some((_, why)) = NOT_RELAYED.iter().find(|(t, _)| *t == mime_type) {
            left_out.push(LeftOut {
                name: name.clone().unwrap_or_else(|| mime_type.clone()),
                why: *why,
            });
            continue;
        }
        parts.push(Part {
            name,
            content_id: part
                .content_id()
                .map(|id| {
                    id.trim()
                        .trim_start_matches('<')
                        .trim_end_matches('>')
                        .to_string()
                })
                .filter(|id| !id.is_empty()),
            mime_type,
            bytes: part.contents().to_vec(),
            attachment: part
                .content_disposition()
                .is_some_and(mail_parser::ContentType::is_attachment),
        });
    }
    (parts, left_out)
}

/// `Name <address>, …` as a reader expects it in a forwarded block.
fn addresses(address: Option<&Address<'_>>) -> Option<String> {
    let shown: Vec<String> = address?
        .iter()
        .filter_map(|a| match (a.name().map(one_line), a.address()) {
            // Outlook names a list by its address: `"a@x.fr" <a@x.fr>` shows as `a@x.fr`.
            (Some(name), Some(email)) if !name.is_empty() && name != email => {
                Some(format!("{name} <{email}>"))
            }
            (_, Some(email)) => Some(email.to_string()),
            (Some(name), None) => Some(name),
            (None, None) => None,
        })
        .collect();
    (!shown.is_empty()).then(|| shown.join(", "))
}

/// A header value on one line: a line break or tab from the original becomes a space.
fn one_line(value: &str) -> String {
    value
        .replace(char::is_control, " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
