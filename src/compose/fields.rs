//! The headers of a rendered message sorted into what composition needs: addresses parsed
//! and validated, attachments named, the other headers kept, missive's own refused.

use lettre::message::Mailbox;
use lettre::message::header::HeaderName;

use super::ComposeError;
use super::international::{self, InternationalAddress};
use crate::recipients::RowRef;
use crate::recipients::address;
use crate::render::RenderedHeader;

/// Headers missive writes itself; a template may not set them.
const RESERVED: [&str; 7] = [
    "message-id",
    "date",
    "mime-version",
    "content-transfer-encoding",
    "content-type",
    "auto-submitted",
    "x-missive-test-for",
];

/// Headers missive writes itself in a campaign that follows up another (`follow_up`).
const THREAD: [&str; 2] = ["in-reply-to", "references"];

/// Sorts one rendered header into the message's fields, validating it. `follows_up`: the
/// campaign answers an earlier one, so the threading headers are missive's too.
pub(super) fn read_header(
    row: &RowRef,
    header: &RenderedHeader,
    fields: &mut Fields,
    follows_up: bool,
) -> Result<(), ComposeError> {
    let name = header.name.to_ascii_lowercase();
    let value = header.value.as_str();
    if value.is_empty() {
        // An empty Cc: for rows without one is left out.
        return Ok(());
    }
    let international = &mut fields.international;
    let mut addresses = |list: &mut Vec<Mailbox>| -> Result<(), ComposeError> {
        let refused = |error| ComposeError::Address {
            row: row.clone(),
            header: header.name.clone(),
            line: header.line,
            column: None,
            error,
        };
        for mailbox in address::parse_list(value).map_err(refused)? {
            list.push(
                international::to_ascii_domain(mailbox, &header.name, header.line, international)
                    .map_err(refused)?,
            );
        }
        Ok(())
    };
    match name.as_str() {
        "from" => addresses(&mut fields.from)?,
        "to" => addresses(&mut fields.to)?,
        "cc" => addresses(&mut fields.cc)?,
        "bcc" => addresses(&mut fields.bcc)?,
        "reply-to" => addresses(&mut fields.reply_to)?,
        "attachment" => fields.attachments.push(value.to_string()),
        _ if value.chars().any(char::is_control) => {
            return Err(ComposeError::ControlCharacter {
                row: row.clone(),
                header: header.name.clone(),
                line: header.line,
            });
        }
        "subject" => fields.subject = Some(value.to_string()),
        _ if RESERVED.contains(&name.as_str())
            || (follows_up && THREAD.contains(&name.as_str())) =>
        {
            return Err(ComposeError::ReservedHeader {
                row: row.clone(),
                header: header.name.clone(),
                line: header.line,
            });
        }
        _ => {
            let name = HeaderName::new_from_ascii(header.name.clone()).map_err(|_| {
                ComposeError::HeaderName {
                    row: row.clone(),
                    name: header.name.clone(),
                }
            })?;
            fields.other.push((name, value.to_string()));
        }
    }
    Ok(())
}

#[derive(Default)]
pub(super) struct Fields {
    pub(super) from: Vec<Mailbox>,
    pub(super) to: Vec<Mailbox>,
    pub(super) cc: Vec<Mailbox>,
    pub(super) bcc: Vec<Mailbox>,
    pub(super) reply_to: Vec<Mailbox>,
    pub(super) subject: Option<String>,
    pub(super) attachments: Vec<String>,
    pub(super) other: Vec<(HeaderName, String)>,
    /// The addresses above that were not plain ASCII as written.
    pub(super) international: Vec<InternationalAddress>,
}

impl Fields {
    pub(super) fn single_from(&mut self, row: &RowRef) -> Result<Mailbox, ComposeError> {
        match self.from.len() {
            0 => Err(ComposeError::NoFrom { row: row.clone() }),
            1 => Ok(self.from.remove(0)),
            count => Err(ComposeError::ManyFrom {
                row: row.clone(),
                count,
            }),
        }
    }
}
