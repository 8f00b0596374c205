#![allow(dead_code)] // wired to missive collect (issue 22)
//! What comes back to the sender's mailbox after a campaign, read without side effects:
//! delivery status notifications (DSN, RFC 3464), message disposition notifications (MDN,
//! read receipts, RFC 8098) and automatic replies (out of office, RFC 3834), told apart from
//! the rest of the mail. `missive collect` matches them to the journal by the original
//! Message-ID, or for a DSN without it, by recipient address and envelope id.
//!
//! ```text
//! bytes ──► mail-parser ──► multipart root:    delivery-status part ──► Returned::Delivery
//!                                              disposition part      ──► Returned::Disposition
//!                          else auto-reply headers or subject        ──► Returned::AutoReply
//!                          else                                      ──► Returned::Other
//! ```
//!
//! The status part is looked for among the parts of the message's own multipart root (a
//! `multipart/report` as a rule, whatever its `report-type` says); a report forwarded inside
//! another message (as an attachment) is that message's content, not a report to this
//! mailbox. A report is told first, since bounces say `Auto-Submitted: auto-replied` too
//! (Postfix, Gmail). Nothing here panics on any input.

mod auto_reply;
mod fields;

use chrono::{DateTime, FixedOffset};
use mail_parser::{Message, MessageParser, MessagePart, MimeHeaders, PartType};

use fields::Field;

/// A point in time as the report wrote it, its offset kept.
pub(crate) type Time = DateTime<FixedOffset>;

/// What one message of the mailbox is, for `missive collect`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Returned {
    /// A delivery status notification (bounce, delay warning, success notice).
    Delivery(DeliveryReport),
    /// A message disposition notification (read receipt).
    Disposition(DispositionReport),
    /// An automatic reply (out of office, vacation): proof the address works, never a bounce.
    AutoReply {
        /// The Message-IDs it answers (In-Reply-To, then References), without angle brackets.
        original_message_ids: Vec<String>,
        subject: String,
    },
    /// Anything else: ignored by `collect`.
    Other,
}

/// A DSN: what happened to the message for each recipient it reports on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeliveryReport {
    /// The Message-ID of the message it reports on, from the returned message or headers, or
    /// failing those, from the report's own fields and In-Reply-To.
    pub original_message_id: Option<String>,
    /// `Original-Envelope-Id`, the ENVID the sender gave at `MAIL FROM`.
    pub envelope_id: Option<String>,
    /// `Arrival-Date`: when the reporting MTA received the message.
    pub arrival: Option<Time>,
    /// One per recipient group, in the report's order.
    pub recipients: Vec<RecipientStatus>,
}

/// What a DSN says about one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecipientStatus {
    /// `Final-Recipient`: the address, its type removed, the domain in lower case.
    pub final_recipient: String,
    /// `Original-Recipient` (the address as first given, before aliases), same form.
    pub original_recipient: Option<String>,
    pub action: Action,
    /// The enhanced status code, `5.1.1`, without its comment.
    pub status: Option<String>,
    /// `Diagnostic-Code` without its type (`smtp;`), unfolded.
    pub diagnostic: Option<String>,
    /// `Last-Attempt-Date`.
    pub last_attempt: Option<Time>,
    /// A class 5 status (or, without a status, a 5xx diagnostic): the address itself is
    /// refused. A message that expired in a queue fails with a 4.x.x status and is not
    /// permanent: the address may well work.
    pub permanent: bool,
}

/// RFC 3464 §2.3.3's `Action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Not delivered, and no more attempts.
    Failed,
    /// Not delivered yet, still being tried.
    Delayed,
    /// Delivered to the recipient's mailbox.
    Delivered,
    /// Handed on to a system that sends no DSN.
    Relayed,
    /// Delivered, and forwarded on to several addresses (a list, an alias).
    Expanded,
}

/// An MDN: what a recipient's mail client did with the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DispositionReport {
    /// `Original-Message-ID`, else the returned headers' Message-ID, else In-Reply-To.
    pub original_message_id: Option<String>,
    /// `Final-Recipient`: whose client reports, in the form of [`RecipientStatus`]'s.
    pub final_recipient: Option<String>,
    pub disposition: Disposition,
    /// `automatic-action` (the client sent it by itself) rather than `manual-action`.
    pub automatic: bool,
}

/// RFC 8098 §3.2.6.2's disposition type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Disposition {
    /// Shown to the recipient (a read receipt).
    Displayed,
    /// Deleted without being shown.
    Deleted,
    /// Printed, faxed or forwarded without being shown.
    Dispatched,
    /// Processed by some automatic agent without being shown.
    Processed,
    /// Any other word (RFC 3798's `denied`, `failed`), lower-cased.
    Other(String),
}

/// Reads one message of the mailbox, as raw bytes (an IMAP `BODY[]` or an `.eml` file).
pub(crate) fn read(bytes: &[u8]) -> Returned {
    let Some(message) = parsed(bytes, false) else {
        return Returned::Other;
    };
    if let Some(report) = report(&message) {
        return report;
    }
    auto_reply::read(&message).unwrap_or(Returned::Other)
}

/// mail-parser's reading of `bytes` (their headers only when `headers_only`). mail-parser 0.11
/// asserts with `debug_assert!` on some malformed MIME trees: a debug build (the tests) would
/// panic where a release build reads on, so such a message counts as unreadable.
fn parsed(bytes: &[u8], headers_only: bool) -> Option<Message<'_>> {
    std::panic::catch_unwind(|| {
        let parser = MessageParser::default();
        if headers_only {
            parser.parse_headers(bytes)
        } else {
            parser.parse(bytes)
        }
    })
    .ok()
    .flatten()
}

/// The machine-readable part of a report among the message's own parts, and what it says.
fn report(message: &Message<'_>) -> Option<Returned> {
    let root = message.parts.first()?;
    if !root
        .content_type()
        .is_some_and(|ct| ct.ctype().eq_ignore_ascii_case("multipart"))
    {
        return None;
    }
    let children: Vec<&MessagePart<'_>> = root
        .sub_parts()?
        .iter()
        .filter_map(|&id| message.parts.get(id as usize))
        .collect();
    children.iter().find_map(|part| {
        if is_type(part, &["delivery-status", "global-delivery-status"]) {
            Some(Returned::Delivery(delivery(message, part, &children)))
        } else if is_type(
            part,
            &[
                "disposition-notification",
                "global-disposition-notification",
            ],
        ) {
            Some(Returned::Disposition(disposition(message, part, &children)))
        } else {
            None
        }
    })
}

/// Whether `part` is `message/SUBTYPE` for one of `subtypes`.
fn is_type(part: &MessagePart<'_>, subtypes: &[&str]) -> bool {
    part.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("message")
            && ct
                .subtype()
                .is_some_and(|sub| subtypes.iter().any(|s| sub.eq_ignore_ascii_case(s)))
    })
}

fn delivery(
    message: &Message<'_>,
    part: &MessagePart<'_>,
    children: &[&MessagePart<'_>],
) -> DeliveryReport {
    let groups = fields::groups(part.contents());
    let per_message: Vec<Field> = groups
        .iter()
        .flatten()
        .filter(|field| !field.is("Final-Recipient"))
        .cloned()
        .collect();
    let original_message_id = returned_message_id(children)
        .or_else(|| {
            fields::first(&per_message, "X-Original-Message-ID").and_then(fields::message_id)
        })
        .or_else(|| in_reply_to(message));
    DeliveryReport {
        original_message_id,
        envelope_id: fields::first(&per_message, "Original-Envelope-Id").map(str::to_owned),
        arrival: fields::first(&per_message, "Arrival-Date").and_then(fields::date),
        recipients: recipient_groups(&groups)
            .iter()
            .filter_map(|group| recipient(group))
            .collect(),
    }
}

/// The recipient groups: every group that names a `Final-Recipient`, cut again where one
/// group names several (a writer that left out the blank lines).
fn recipient_groups(groups: &[Vec<Field>]) -> Vec<Vec<Field>> {
    let mut out: Vec<Vec<Field>> = Vec::new();
    for group in groups {
        if !group.iter().any(|field| field.is("Final-Recipient")) {
            continue;
        }
        let mut current: Vec<Field> = Vec::new();
        for field in group {
            let repeated = ["Final-Recipient", "Original-Recipient"]
                .iter()
                .any(|name| field.is(name) && current.iter().any(|f| f.is(name)));
            if repeated {
                out.push(std::mem::take(&mut current));
            }
            current.push(field.clone());
        }
        out.push(current);
    }
    out
}

fn recipient(group: &[Field]) -> Option<RecipientStatus> {
    let final_recipient = fields::first(group, "Final-Recipient").and_then(fields::address)?;
    let status = fields::first(group, "Status").and_then(fields::status);
    let diagnostic = fields::first(group, "Diagnostic-Code").and_then(fields::without_type);
    let class = status
        .as_deref()
        .or_else(|| diagnostic.as_deref().and_then(|d| d.get(..1)))
        .and_then(|code| code.chars().next());
    let action = fields::first(group, "Action")
        .and_then(action)
        .or(match class {
            Some('5') => Some(Action::Failed),
            Some('4') => Some(Action::Delayed),
            Some('2') => Some(Action::Delivered),
            _ => None,
        })?;
    Some(RecipientStatus {
        final_recipient,
        original_recipient: fields::first(group, "Original-Recipient").and_then(fields::address),
        action,
        status,
        diagnostic,
        last_attempt: fields::first(group, "Last-Attempt-Date").and_then(fields::date),
        permanent: class == Some('5'),
    })
}

fn action(value: &str) -> Option<Action> {
    let word = value
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()?
        .to_ascii_lowercase();
    Some(match word.as_str() {
        "failed" | "failure" => Action::Failed,
        "delayed" => Action::Delayed,
        "delivered" => Action::Delivered,
        "relayed" => Action::Relayed,
        "expanded" => Action::Expanded,
        _ => return None,
    })
}

fn disposition(
    message: &Message<'_>,
    part: &MessagePart<'_>,
    children: &[&MessagePart<'_>],
) -> DispositionReport {
    let fields: Vec<Field> = fields::groups(part.contents()).concat();
    let (automatic, disposition) = fields::first(&fields, "Disposition").map_or(
        (false, Disposition::Other(String::new())),
        disposition_field,
    );
    DispositionReport {
        original_message_id: fields::first(&fields, "Original-Message-ID")
            .and_then(fields::message_id)
            .or_else(|| returned_message_id(children))
            .or_else(|| in_reply_to(message)),
        final_recipient: fields::first(&fields, "Final-Recipient").and_then(fields::address),
        disposition,
        automatic,
    }
}

/// `automatic-action/MDN-sent-automatically; displayed/…`: whether the action was automatic,
/// and the disposition type. Comments in parentheses are ignored.
fn disposition_field(value: &str) -> (bool, Disposition) {
    let value = without_comments(value);
    let (mode, kind) = value.split_once(';').unwrap_or(("", &value));
    let automatic = mode
        .split('/')
        .next()
        .is_some_and(|action| action.trim().eq_ignore_ascii_case("automatic-action"));
    let kind = kind
        .split('/')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let disposition = match kind.as_str() {
        "displayed" => Disposition::Displayed,
        "deleted" => Disposition::Deleted,
        "dispatched" => Disposition::Dispatched,
        "processed" => Disposition::Processed,
        _ => Disposition::Other(kind),
    };
    (automatic, disposition)
}

fn without_comments(value: &str) -> String {
    let mut depth = 0_usize;
    value
        .chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' if depth > 0 => {
                    depth -= 1;
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect()
}

/// The Message-ID of the message a report returns: a `message/rfc822` (or RFC 6532's
/// `message/global`) part, or only its headers (`text/rfc822-headers`, `message/global-headers`).
fn returned_message_id(children: &[&MessagePart<'_>]) -> Option<String> {
    children.iter().find_map(|part| {
        let ct = part.content_type()?;
        let subtype = ct.subtype().unwrap_or("").to_ascii_lowercase();
        let returned = matches!(
            (ct.ctype().to_ascii_lowercase().as_str(), subtype.as_str()),
            ("message", "rfc822" | "global" | "global-headers") | ("text", "rfc822-headers")
        );
        if !returned {
            return None;
        }
        match &part.body {
            PartType::Message(inner) => inner.message_id().and_then(fields::message_id),
            // Headers alone, or a returned message mail-parser could not read as one.
            _ => parsed(part.contents(), true)
                .and_then(|headers| headers.message_id().and_then(fields::message_id)),
        }
    })
}

/// The first Message-ID of the report's own In-Reply-To, which Exchange, Gmail and
/// Thunderbird set to the message reported on.
fn in_reply_to(message: &Message<'_>) -> Option<String> {
    auto_reply::ids(message.in_reply_to()).into_iter().next()
}

#[cfg(test)]
mod tests;
