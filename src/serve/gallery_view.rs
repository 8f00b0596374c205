//! What the Preview page shows of a review folder: its list of messages (recipient, subject,
//! size, what to look at), and one message: its page as the preview wrote it (the HTML part
//! in a frame without scripts, the text part, the attachments) and its attached files to
//! download. All of it read back from the folder `missive preview` wrote: its manifest (the
//! plan, [`Review`]) and its list's data (`assets/rows.js`, which the folder's own index
//! shows).

use std::path::Path;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;

use super::gallery_files::PREFIX;
use crate::preview::{ManifestEntry, Review};
use crate::units::Size;

/// Rows the page lists; the folder's own index lists them all.
const LISTED: usize = 200;

/// The list's data in the review folder, and where its rows begin.
const ROWS: &str = "assets/rows.js";
const ROWS_START: &str = "window.MISSIVE_ROWS = ";

/// The heading of a message page's HTML version (`src/preview/page.rs`).
const HTML_PART: &str = "version-html";

/// What is percent-encoded in a path of the review folder put in an address.
const IN_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The gallery of a review folder.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Gallery {
    /// « 12 messages, 2,5 Mo in all ».
    pub count: String,
    pub rows: Vec<GalleryRow>,
    /// Said when the page lists fewer rows than the folder holds.
    pub more: Option<String>,
    /// The message shown.
    pub message: Option<ShownMessage>,
}

/// One row of the list: a message, or a row that sends nothing (a duplicate, a row left out).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct GalleryRow {
    pub number: Option<usize>,
    /// The list's row.
    pub line: u64,
    /// Name and address.
    pub recipient: String,
    pub subject: String,
    pub size: Option<String>,
    pub warnings: Vec<String>,
    /// It is the message shown.
    pub shown: bool,
}

/// One message as its recipient will see it.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct ShownMessage {
    /// « Message 3 of 12: subject ».
    pub heading: String,
    pub to: String,
    pub size: String,
    /// The message's page in the review folder, as the frame's address (at its HTML part).
    pub page: String,
    /// The message itself (`.eml`), as an address, when the preview wrote it.
    pub eml: Option<String>,
    pub eml_name: Option<String>,
    pub attachments: Vec<ShownFile>,
}

/// An attached file: its name, its size, and its address in the review folder.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct ShownFile {
    pub name: String,
    pub size: String,
    pub link: Option<String>,
}

/// One row of `assets/rows.js`: number, line, name, address, subject, set of attached
/// files, size, warnings, `.eml` written.
type RowData = (
    Option<usize>,
    u64,
    String,
    String,
    String,
    Option<usize>,
    u64,
    Vec<String>,
    u8,
);

/// The gallery of the review folder `out`, message `message` (else the first) shown; `None`
/// when it holds no preview that can be read.
pub(crate) fn read(out: &Path, message: Option<usize>) -> Option<Gallery> {
    let review = Review::load(out).ok()?;
    let messages = &review.manifest().messages;
    let total: u64 = messages.iter().map(|entry| entry.size).sum();
    let mut gallery = Gallery {
        count: t!(
            "serve-preview-count",
            count = messages.len(),
            size = Size(total).to_string()
        ),
        ..Gallery::default()
    };
    let number = message.unwrap_or(1);
    let (rows, mut all) = rows(out);
    gallery.rows = rows
        .into_iter()
        .map(
            |(number_, line, name, address, subject, _, size, warnings, _)| GalleryRow {
                number: number_,
                line,
                recipient: match (name.is_empty(), address.is_empty()) {
                    (true, _) => address,
                    (false, true) => name,
                    (false, false) => format!("{name} <{address}>"),
                },
                subject,
                size: number_.map(|_| Size(size).to_string()),
                warnings,
                shown: number_ == Some(number),
            },
        )
        .collect();
    // A list's data this missive cannot read: the plan's messages, without what to look at.
    if all == 0 {
        all = messages.len();
        gallery.rows = messages
            .iter()
            .take(LISTED)
            .map(|entry| GalleryRow {
                number: Some(entry.number),
                line: entry
                    .plan
                    .row
                    .rsplit_once(':')
                    .and_then(|(_, line)| line.parse().ok())
                    .unwrap_or_default(),
                recipient: entry.plan.to.clone(),
                subject: entry.plan.subject.clone(),
                size: Some(Size(entry.size).to_string()),
                warnings: Vec::new(),
                shown: entry.number == number,
            })
            .collect();
    }
    if all > gallery.rows.len() {
        gallery.more = Some(t!(
            "serve-preview-more",
            shown = gallery.rows.len(),
            count = all,
            index = out.join("index.html").display().to_string()
        ));
    }
    gallery.message = review
        .message(number)
        .map(|entry| shown_message(entry, messages.len()));
    Some(gallery)
}

/// The first [`LISTED`] rows of the folder's list, and how many it has.
fn rows(out: &Path) -> (Vec<RowData>, usize) {
    let Ok(text) = std::fs::read_to_string(out.join(ROWS)) else {
        return (Vec::new(), 0);
    };
    let Some(start) = text.find(ROWS_START) else {
        return (Vec::new(), 0);
    };
    let mut values =
        serde_json::Deserializer::from_str(&text[start + ROWS_START.len()..]).into_iter();
    let Some(Ok(serde_json::Value::Array(all))) = values.next() else {
        return (Vec::new(), 0);
    };
    let count = all.len();
    let rows = all
        .into_iter()
        .take(LISTED)
        .filter_map(|row| serde_json::from_value(row).ok())
        .collect();
    (rows, count)
}

/// The message of `entry`, one of `count`.
fn shown_message(entry: &ManifestEntry, count: usize) -> ShownMessage {
    ShownMessage {
        heading: t!(
            "serve-preview-message",
            number = entry.number,
            count = count,
            subject = entry.plan.subject.as_str()
        ),
        to: entry.plan.to.clone(),
        size: Size(entry.size).to_string(),
        // Opened at its HTML version, as its recipient sees it first; the headers are above.
        page: format!("{}#{HTML_PART}", address(&entry.page)),
        eml: entry.file.as_deref().map(address),
        eml_name: entry
            .file
            .as_deref()
            .map(|file| file.rsplit('/').next().unwrap_or(file).to_owned()),
        attachments: entry
            .plan
            .attachments
            .iter()
            .map(|(name, size)| ShownFile {
                name: name.clone(),
                size: Size(*size).to_string(),
                link: entry
                    .stored
                    .iter()
                    .find(|(stored, _)| stored == name)
                    .map(|(_, path)| address(path)),
            })
            .collect(),
    }
}

/// The address of the review folder's file `path`.
fn address(path: &str) -> String {
    format!("{PREFIX}{}", utf8_percent_encode(path, IN_PATH))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_put_in_an_address_as_it_is_named() {
        assert_eq!(
            address("files/01-école 1#.png"),
            "/preview/files/files/01-%C3%A9cole%201%23.png"
        );
        assert_eq!(
            address("messages/00001.html"),
            "/preview/files/messages/00001.html"
        );
    }
}
