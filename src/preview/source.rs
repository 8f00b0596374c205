//! `messages/NNNNN.mime`: every message of a preview as it would be sent, but for the files
//! `files/` holds, each replaced by a marker naming it there. The folder then grows by each
//! message's text only (a few kilobytes) however big the infographic every message carries,
//! and still holds every message whole: [`rebuild`] puts the files back, and the message's
//! fingerprint, worked out again, must be the one the manifest recorded.
//!
//! A marker is a NUL byte, `missive file files/NAME`, a NUL byte: a composed message never
//! holds a NUL byte (see `compose::identity`), so no text of a message can pass for one.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use lettre::message::Body;
use lettre::message::header::ContentType;

use super::files;
use super::message_view::MessageView;
use crate::compose::{EncodedFile, MessageBytes, Shared};

const MARKER: &[u8] = b"missive file ";

/// The source of message `number`, relative to the preview folder.
pub(super) fn name(number: usize) -> String {
    format!("{}/{number:05}.mime", super::MESSAGES)
}

/// Writes the marker of the file kept at `path` (relative to the preview folder).
pub(super) fn mark(out: &mut Vec<u8>, path: &str) {
    out.push(0);
    out.extend_from_slice(MARKER);
    out.extend_from_slice(path.as_bytes());
    out.push(0);
}

/// The whole message a source stands for, its files read back from the preview `dir`;
/// `None` when a marker is malformed, names a file outside `files/` or one that is gone.
pub(super) fn rebuild(dir: &Path, source: &[u8]) -> Option<MessageBytes> {
    let mut message = MessageBytes::default();
    let mut read: HashMap<&[u8], Arc<EncodedFile>> = HashMap::new();
    for (index, piece) in source.split(|b| *b == 0).enumerate() {
        if index % 2 == 0 {
            message.extend_from_slice(piece);
            continue;
        }
        let path = piece.strip_prefix(MARKER)?;
        let file = if let Some(file) = read.get(path) {
            Arc::clone(file)
        } else {
            let file = Arc::new(kept_file(dir, std::str::from_utf8(path).ok()?)?);
            read.insert(path, Arc::clone(&file));
            file
        };
        message.push_shared(Shared::File(file));
    }
    Some(message)
}

/// The message a source stands for, only if it is the one whose fingerprint is `sha256`.
pub(super) fn rebuild_checked(dir: &Path, source: &[u8], sha256: &str) -> Option<MessageBytes> {
    rebuild(dir, source).filter(|message| message.fingerprint() == sha256)
}

/// A file of `files/`, encoded as a message carries it.
fn kept_file(dir: &Path, path: &str) -> Option<EncodedFile> {
    let name = path.strip_prefix(files::DIR)?.strip_prefix('/')?;
    let plain = !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', ':']);
    if !plain {
        return None;
    }
    let path = dir.join(files::DIR).join(name);
    let bytes = std::fs::read(&path).ok()?;
    Some(EncodedFile {
        size: bytes.len() as u64,
        body: Body::new(bytes),
        file_name: name.to_string(),
        content_type: ContentType::parse("application/octet-stream").ok()?,
        path,
        sha256: std::sync::OnceLock::new(),
    })
}

/// What a person reads of a message: its text part, else its HTML part, line by line; and
/// its attached files, each by name with the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Readable {
    pub part: Part,
    pub lines: Vec<String>,
    pub files: Vec<(String, [u8; 32])>,
}

/// Which part of a message a line is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Text,
    Html,
}

impl Readable {
    /// What a person reads of the message a preview kept as `source` (see [`rebuild`]); its
    /// files are left out when they cannot be put back.
    pub(crate) fn of_source(dir: &Path, source: &[u8]) -> Option<Self> {
        match rebuild(dir, source) {
            Some(message) => Self::of(&message.contiguous()),
            None => Self::of(source).map(|text| Self {
                files: Vec::new(),
                ..text
            }),
        }
    }

    /// The text part of a message, else its HTML part; `None` when it has neither.
    pub(crate) fn of(message: &[u8]) -> Option<Self> {
        use sha2::{Digest, Sha256};
        let view = MessageView::parse(message)?;
        let files = view
            .files
            .iter()
            .map(|file| (file.name.clone(), Sha256::digest(&file.bytes).into()))
            .collect();
        let (part, text) = match (view.text, view.html) {
            (Some(text), _) => (Part::Text, text),
            (None, Some(html)) => (Part::Html, html),
            (None, None) => return None,
        };
        Some(Self {
            part,
            lines: text.lines().map(str::to_string).collect(),
            files,
        })
    }

    /// The files of both, by name, whose bytes differ in `now`.
    pub(crate) fn changed_files<'a>(&self, now: &'a Self) -> Vec<&'a str> {
        now.files
            .iter()
            .filter(|(name, digest)| {
                self.files
                    .iter()
                    .any(|(was, old)| was == name && old != digest)
            })
            .map(|(name, _)| name.as_str())
            .collect()
    }

    /// The first line that differs, numbered from 1, with its text before and after (empty
    /// when one of them ends before); `None` when the two read the same.
    pub(crate) fn first_difference(&self, now: &Self) -> Option<LineChange> {
        if self.part != now.part {
            return None;
        }
        let longest = self.lines.len().max(now.lines.len());
        (0..longest)
            .find(|&i| self.lines.get(i) != now.lines.get(i))
            .map(|i| LineChange {
                line: i + 1,
                old: self.lines.get(i).cloned().unwrap_or_default(),
                new: now.lines.get(i).cloned().unwrap_or_default(),
            })
    }
}

/// One line, before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineChange {
    /// From 1.
    pub line: usize,
    pub old: String,
    pub new: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message_with_file(dir: &Path, bytes: Vec<u8>) -> (MessageBytes, String) {
        std::fs::create_dir_all(dir.join(files::DIR)).expect("files/");
        let kept = "files/0011-infographie.png";
        std::fs::write(dir.join(kept), &bytes).expect("file kept");
        let file = Arc::new(EncodedFile {
            path: dir.join("ailleurs.png"),
            file_name: "infographie.png".into(),
            content_type: ContentType::parse("image/png").expect("a type"),
            body: Body::new(bytes),
            size: 0,
            sha256: std::sync::OnceLock::new(),
        });
        let mut message = MessageBytes::from(
            b"Subject: x\r\nDate: Mon, 26 Apr 2021 08:00:00 +0200\r\n\r\n--b\r\n\r\nBonjour\r\n--b\r\nContent-Transfer-Encoding: base64\r\n\r\n".to_vec(),
        );
        message.push_shared(Shared::File(file));
        message.extend_from_slice(b"\r\n--b--\r\n");
        (message, kept.to_string())
    }

    #[test]
    fn a_source_rebuilds_the_very_message_and_nothing_else() {
        let dir = tempfile::tempdir().expect("temp dir");
        let bytes: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let (message, kept) = message_with_file(dir.path(), bytes);
        let mut source = b"Subject: x\r\nDate: Mon, 26 Apr 2021 08:00:00 +0200\r\n\r\n--b\r\n\r\nBonjour\r\n--b\r\nContent-Transfer-Encoding: base64\r\n\r\n".to_vec();
        mark(&mut source, &kept);
        source.extend_from_slice(b"\r\n--b--\r\n");
        assert!(source.len() < 200, "the file is not in the source");
        let sha = message.fingerprint();
        let rebuilt = rebuild_checked(dir.path(), &source, &sha).expect("the same message");
        assert_eq!(rebuilt.to_vec(), message.to_vec(), "byte for byte");

        let other = String::from_utf8_lossy(&source).replace("Bonjour", "Bonsoir");
        assert!(rebuild_checked(dir.path(), other.as_bytes(), &sha).is_none());
        std::fs::write(dir.path().join(&kept), b"another file").expect("changed");
        assert!(rebuild_checked(dir.path(), &source, &sha).is_none());
        for outside in ["files/../manifest.json", "../files/x", "files/"] {
            let mut escaping = Vec::new();
            mark(&mut escaping, outside);
            assert!(rebuild(dir.path(), &escaping).is_none(), "{outside}");
        }
    }

    #[test]
    fn the_first_differing_line_is_named() {
        let text = |body: &str| {
            Readable::of(format!("Subject: x\r\n\r\n{body}").as_bytes()).expect("a text")
        };
        let old = text("Madame,\r\nla réunion est lundi.\r\nCordialement\r\n");
        let new = text("Madame,\r\nla réunion est mardi.\r\nCordialement\r\n");
        assert_eq!(
            old.first_difference(&new),
            Some(LineChange {
                line: 2,
                old: "la réunion est lundi.".into(),
                new: "la réunion est mardi.".into(),
            })
        );
        assert_eq!(old.first_difference(&old), None);
        let with_file = |bytes: u8| Readable {
            files: vec![("a.pdf".into(), [bytes; 32]), ("b.pdf".into(), [0; 32])],
            ..old.clone()
        };
        assert_eq!(with_file(1).changed_files(&with_file(2)), ["a.pdf"]);
        assert!(with_file(1).changed_files(&with_file(1)).is_empty());
        let longer = text("Madame,\r\nla réunion est lundi.\r\nCordialement\r\nPS\r\n");
        assert_eq!(
            old.first_difference(&longer)
                .map(|c| (c.line, c.old, c.new)),
            Some((4, String::new(), "PS".into()))
        );
    }
}
