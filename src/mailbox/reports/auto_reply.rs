//! Automatic replies: out-of-office and vacation notices, told by the headers RFC 3834 and the
//! common servers set, or failing those, by the subject prefix a client gives them.

use mail_parser::{HeaderValue, Message};

use super::{Returned, fields};

/// Subject prefixes of automatic replies, compared without case: Exchange and Outlook in
/// French and English, and common webmails.
const SUBJECT_PREFIXES: &[&str] = &[
    "réponse automatique :",
    "réponse automatique:",
    "automatic reply:",
    "absence du bureau",
    "out of office:",
    "out of office autoreply:",
    "auto:",
    "autoreply:",
    "auto-reply:",
    "message d'absence",
];

/// `Some(AutoReply)` when `message` is an automatic reply.
pub(super) fn read(message: &Message<'_>) -> Option<Returned> {
    let subject = message.subject().unwrap_or("").trim();
    if !(by_headers(message) || by_subject(subject)) {
        return None;
    }
    let mut original_message_ids = ids(message.in_reply_to());
    for id in ids(message.references()) {
        if !original_message_ids.contains(&id) {
            original_message_ids.push(id);
        }
    }
    Some(Returned::AutoReply {
        original_message_ids,
        subject: subject.to_owned(),
    })
}

/// The headers of an automatic reply. `Auto-Submitted: auto-generated` alone is not one (it is
/// what missive's own messages say), but Exchange's out-of-office says it beside its inbox
/// rule's loop header.
fn by_headers(message: &Message<'_>) -> bool {
    let value = |name: &str| raw(message, name).map(str::to_ascii_lowercase);
    let auto_submitted = value("Auto-Submitted").unwrap_or_default();
    auto_submitted.starts_with("auto-replied")
        || value("X-Autoreply").is_some_and(|v| v != "no")
        || value("X-Autorespond").is_some()
        || value("Precedence").is_some_and(|v| v == "auto_reply")
        || value("X-MS-Exchange-Inbox-Rules-Loop").is_some()
}

fn by_subject(subject: &str) -> bool {
    let subject = subject.to_lowercase();
    SUBJECT_PREFIXES
        .iter()
        .any(|prefix| subject.starts_with(prefix))
}

/// The value of the header `name` as written, trimmed; `Some("")` for a header with no value.
fn raw<'a>(message: &'a Message<'_>, name: &str) -> Option<&'a str> {
    let name = mail_parser::HeaderName::parse(name.to_owned())?;
    message
        .root_part()
        .headers
        .iter()
        .find(|header| header.name == name)
        .map(|header| match &header.value {
            HeaderValue::Text(text) => text.trim(),
            _ => "",
        })
}

/// The Message-IDs of an In-Reply-To or References header, without angle brackets.
pub(super) fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    let list: Vec<&str> = match value {
        HeaderValue::Text(id) => vec![id.as_ref()],
        HeaderValue::TextList(ids) => ids.iter().map(AsRef::as_ref).collect(),
        _ => Vec::new(),
    };
    list.into_iter().filter_map(fields::message_id).collect()
}
