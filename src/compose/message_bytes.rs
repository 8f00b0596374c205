//! A message's bytes, kept as runs of its own with, between them, runs it shares with the
//! other messages of the run.
//!
//! Most of a merged message is the same in every message: the template's fixed text (each
//! line encoded once per thread, see `line_cache`) and the attached files (encoded once per
//! run). Copying them into every message cost a fresh page of memory every 4 kB: kept for a
//! send's second pass, 4,000 messages of 7 kB faulted in 29 MB, and `mprotect` grew each
//! composing thread's heap once per message. Shared runs are counted, never copied, until
//! the message is written out (to the relay, to a preview file).
//!
//! The Date header line is a run of its own ([`Shared::Date`]): the same in every message of
//! a run, and the one run the wire writer swaps, for the time the message is handed to the
//! relay.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use super::EncodedFile;

/// Bytes several messages hold.
#[derive(Clone)]
pub enum Shared {
    /// A line of text, quoted-printable encoded once per thread.
    Line(Arc<[u8]>),
    /// A file, encoded once per run.
    File(Arc<EncodedFile>),
    /// The `Date:` header line, CRLF included, written once per run: what a preview shows;
    /// on the wire, the time of hand-over takes its place (see `deliver::dot_stuffing`).
    Date(Arc<[u8]>),
}

impl Shared {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Shared::Line(line) | Shared::Date(line) => line,
            Shared::File(file) => file.body.as_ref(),
        }
    }
}

/// One run of a message's bytes.
pub enum Run<'a> {
    Own(&'a [u8]),
    Shared(&'a Shared),
}

impl<'a> Run<'a> {
    pub fn bytes(&self) -> &'a [u8] {
        match self {
            Run::Own(bytes) => bytes,
            Run::Shared(shared) => shared.bytes(),
        }
    }
}

/// A message's bytes: see the module's documentation.
#[derive(Clone, Default)]
pub struct MessageBytes {
    own: Vec<u8>,
    /// Each shared run, after the first `offset` bytes of `own`, in order.
    shared: Vec<(usize, Shared)>,
    len: usize,
}

impl MessageBytes {
    /// Room for `own` bytes of its own and `shared` runs, so that neither grows again.
    pub fn with_capacity(own: usize, shared: usize) -> Self {
        Self {
            own: Vec::with_capacity(own),
            shared: Vec::with_capacity(shared),
            len: 0,
        }
    }

    /// The message's size.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes that are its own, and how many shared runs it holds.
    pub fn own_and_shared(&self) -> (usize, usize) {
        (self.own.len(), self.shared.len())
    }

    /// The memory the message holds that the messages before it did not: its own bytes,
    /// and each shared run whose address is not in `seen` yet (a run stays where it is as
    /// long as a message holds it). Keeping messages by this measure keeps an attachment
    /// once, however many messages carry it.
    pub fn held(&self, seen: &mut HashSet<usize>) -> usize {
        let mut held = self.own.capacity() + self.shared.capacity() * size_of::<(usize, Shared)>();
        for (_, shared) in &self.shared {
            let run = shared.bytes();
            if seen.insert(run.as_ptr().addr()) {
                held += run.len();
            }
        }
        held
    }

    /// Appends bytes of its own.
    pub fn extend_from_slice(&mut self, bytes: &[u8]) {
        self.own.extend_from_slice(bytes);
        self.len += bytes.len();
    }

    /// Appends bytes of its own that `write` writes at the end of `own`; returns them.
    pub fn write_own(&mut self, write: impl FnOnce(&mut Vec<u8>)) -> &[u8] {
        let start = self.own.len();
        write(&mut self.own);
        self.len += self.own.len() - start;
        &self.own[start..]
    }

    /// Its last bytes become `shared`, which holds the same bytes; when they are not its
    /// last bytes (another run follows them, or they differ), they stay its own.
    pub fn share_last(&mut self, shared: Shared) {
        let Some(start) = self.own.len().checked_sub(shared.bytes().len()) else {
            return;
        };
        let followed = self
            .shared
            .last()
            .is_some_and(|(offset, _)| *offset > start);
        if followed || self.own[start..] != *shared.bytes() {
            return;
        }
        self.own.truncate(start);
        self.len -= shared.bytes().len();
        self.push_shared(shared);
    }

    /// Appends a run shared with other messages.
    pub fn push_shared(&mut self, shared: Shared) {
        let size = shared.bytes().len();
        if size > 0 {
            self.shared.push((self.own.len(), shared));
            self.len += size;
        }
    }

    /// Appends `other`: its own bytes copied, its shared runs shared.
    pub fn append(&mut self, other: &MessageBytes) {
        let mut copied = 0;
        for (offset, shared) in &other.shared {
            self.extend_from_slice(&other.own[copied..*offset]);
            copied = *offset;
            self.push_shared(shared.clone());
        }
        self.extend_from_slice(&other.own[copied..]);
    }

    /// The message's runs, in order: its own bytes (perhaps none) and what it shares.
    pub fn runs(&self) -> impl Iterator<Item = Run<'_>> {
        let mut copied = 0;
        self.shared
            .iter()
            .flat_map(move |(offset, shared)| {
                let own = &self.own[copied..*offset];
                copied = *offset;
                [Run::Own(own), Run::Shared(shared)]
            })
            .chain(std::iter::once_with(move || {
                Run::Own(&self.own[self.shared.last().map_or(0, |(offset, _)| *offset)..])
            }))
    }

    /// The message's bytes, in order, as runs none of which is empty.
    pub fn chunks(&self) -> impl Iterator<Item = &[u8]> {
        self.runs()
            .map(|run| run.bytes())
            .filter(|chunk| !chunk.is_empty())
    }

    /// The message in one piece: borrowed when it shares nothing.
    pub fn contiguous(&self) -> Cow<'_, [u8]> {
        if self.shared.is_empty() {
            return Cow::Borrowed(&self.own);
        }
        let mut whole = Vec::with_capacity(self.len);
        for chunk in self.chunks() {
            whole.extend_from_slice(chunk);
        }
        Cow::Owned(whole)
    }

    /// SHA-256 of the message without its Date header, each attached file taken as its own
    /// SHA-256: what `Outgoing::fingerprint` says of it, for a message read back (a preview's).
    pub fn fingerprint(&self) -> String {
        super::identity::fingerprint(self)
    }

    /// The message in one piece.
    pub fn to_vec(&self) -> Vec<u8> {
        self.contiguous().into_owned()
    }

    /// The message in one piece, its Date line saying `at` (a copy of a message dated as
    /// it went, as `deliver` dates it on the wire); a message without one is as it is.
    pub fn dated(&self, at: std::time::SystemTime) -> Vec<u8> {
        let date = super::date_line(at);
        let mut whole = Vec::with_capacity(self.len);
        for run in self.runs() {
            match run {
                Run::Shared(Shared::Date(_)) => whole.extend_from_slice(&date),
                other => whole.extend_from_slice(other.bytes()),
            }
        }
        whole
    }
}

impl From<Vec<u8>> for MessageBytes {
    fn from(own: Vec<u8>) -> Self {
        Self {
            len: own.len(),
            own,
            shared: Vec::new(),
        }
    }
}

impl PartialEq for MessageBytes {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.contiguous() == other.contiguous()
    }
}

impl std::fmt::Debug for MessageBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageBytes")
            .field("len", &self.len)
            .field("shared_runs", &self.shared.len())
            .field("text", &String::from_utf8_lossy(&self.contiguous()))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Shared {
        Shared::Line(Arc::from(text.as_bytes()))
    }

    #[test]
    fn own_and_shared_runs_come_out_in_order() {
        let mut bytes = MessageBytes::default();
        bytes.push_shared(line("un "));
        bytes.extend_from_slice(b"deux ");
        bytes.push_shared(line("trois "));
        bytes.push_shared(line(""));
        bytes.push_shared(line("quatre "));
        bytes.extend_from_slice(b"cinq");
        let chunks: Vec<&[u8]> = bytes.chunks().collect();
        assert_eq!(
            chunks,
            [b"un ".as_slice(), b"deux ", b"trois ", b"quatre ", b"cinq"]
        );
        assert_eq!(bytes.len(), 25);
        assert_eq!(bytes.to_vec(), b"un deux trois quatre cinq".to_vec());
        assert_eq!(bytes.own_and_shared(), (9, 3));
        assert!(matches!(bytes.contiguous(), Cow::Owned(_)));
    }

    #[test]
    fn a_copy_is_dated_as_asked_and_the_rest_is_unchanged() {
        let composed = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_619_416_800);
        let mut bytes = MessageBytes::default();
        bytes.extend_from_slice(b"From: ien@ac-lille.example\r\n");
        bytes.push_shared(Shared::Date(Arc::from(
            crate::compose::date_line(composed).as_slice(),
        )));
        bytes.push_shared(line("Subject: x\r\n\r\n.corps\r\n"));
        let sent = composed + std::time::Duration::from_secs(5 * 3600 + 7);
        let copy = String::from_utf8(bytes.dated(sent)).expect("ascii");
        assert_eq!(
            copy,
            "From: ien@ac-lille.example\r\nDate: Mon, 26 Apr 2021 11:00:07 +0000\r\nSubject: x\r\n\r\n.corps\r\n"
        );
        assert_eq!(copy.len(), bytes.len(), "no dot-stuffing, no terminator");
    }

    #[test]
    fn bytes_that_share_nothing_are_borrowed_whole() {
        let bytes = MessageBytes::from(b"Subject: x\r\n".to_vec());
        assert!(matches!(
            bytes.contiguous(),
            Cow::Borrowed(b"Subject: x\r\n")
        ));
        assert_eq!(bytes.chunks().count(), 1);
        assert_eq!(MessageBytes::default().chunks().count(), 0);
    }

    #[test]
    fn appending_copies_own_bytes_and_shares_the_rest() {
        let mut part = MessageBytes::default();
        part.extend_from_slice(b"a");
        part.push_shared(line("B"));
        part.extend_from_slice(b"c");
        let mut whole = MessageBytes::from(b"<".to_vec());
        whole.append(&part);
        whole.append(&part);
        whole.extend_from_slice(b">");
        assert_eq!(whole.to_vec(), b"<aBcaBc>".to_vec());
        assert_eq!(whole.own_and_shared(), (6, 2));
        assert_eq!(whole, MessageBytes::from(b"<aBcaBc>".to_vec()));
    }

    #[test]
    fn a_run_shared_by_several_messages_is_held_once() {
        let attachment = line(&"A".repeat(1000));
        let message = |name: &str| {
            let mut bytes = MessageBytes::with_capacity(10, 1);
            bytes.extend_from_slice(format!("To: {name}\r\n").as_bytes());
            bytes.push_shared(attachment.clone());
            bytes
        };
        let slot = size_of::<(usize, Shared)>();
        let mut seen = HashSet::new();
        assert_eq!(message("Anne").held(&mut seen), 10 + slot + 1000);
        assert_eq!(message("Paul").held(&mut seen), 10 + slot);
        // Another run with the same bytes is held on its own.
        let mut other = MessageBytes::default();
        other.push_shared(line(&"A".repeat(1000)));
        assert_eq!(other.held(&mut seen), 4 * slot + 1000);
    }

    #[test]
    fn own_bytes_just_written_can_become_shared() {
        let mut bytes = MessageBytes::from(b"x".to_vec());
        let written = bytes
            .write_own(|own| own.extend_from_slice(b"ligne"))
            .to_vec();
        assert_eq!(written, b"ligne");
        bytes.share_last(Shared::Line(Arc::from(written.as_slice())));
        // Bytes that are not its last stay its own.
        bytes.share_last(line("x"));
        bytes.extend_from_slice(b"y");
        assert_eq!(bytes.to_vec(), b"xligney".to_vec());
        assert_eq!(bytes.own_and_shared(), (2, 1));
    }
}
