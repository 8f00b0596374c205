//! A message's bytes, written once: its own into a buffer of their exact size, the rest
//! shared (see [`MessageBytes`]).
//!
//! lettre still writes every header (its address and encoded-word rules are the ones we
//! want); the bodies are written here, straight after them. A part's headers are the same in
//! every message but for its boundary: lettre writes them once per thread for each kind of
//! part and shape of boundary, and a message copies them (see [`multi_head`], [`file_head`]). `Message::formatted` grew its
//! buffer from empty (a dozen reallocations of a 7 kB message, each a copy) and needed
//! every attachment copied into each message's tree first: together 14% of a `send`'s CPU
//! with 5 kB messages, and a 270 kB copy per message with the infographic attached.
//! The layout is lettre's, byte for byte (the tests compare both on every kind of message).

use std::cell::RefCell;
use std::sync::{Arc, LazyLock};

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Body, MultiPart, MultiPartBuilder, SinglePart};

use super::EncodedFile;
use super::message_bytes::{MessageBytes, Run, Shared};

/// One part of a message: its headers as lettre writes them, and its body.
pub(super) enum Node {
    Single {
        head: String,
        body: Content,
    },
    Multi {
        head: String,
        boundary: String,
        parts: Vec<Node>,
    },
}

/// The kinds of multipart a message is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Multi {
    Mixed,
    Related,
    Alternative,
}

impl Multi {
    fn lettre(self) -> MultiPartBuilder {
        match self {
            Multi::Mixed => MultiPart::mixed(),
            Multi::Related => MultiPart::related(),
            Multi::Alternative => MultiPart::alternative(),
        }
    }
}

/// How a file goes in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Disposition {
    /// Attached, under its name.
    Attached,
    /// Shown inline as `content_id`; `named`: offered for download under its name too.
    Inline { content_id: String, named: bool },
}

impl Disposition {
    fn lettre(&self, file: &EncodedFile) -> Attachment {
        match self {
            Disposition::Attached => Attachment::new(file.file_name.clone()),
            Disposition::Inline {
                content_id,
                named: true,
            } => Attachment::new_inline_with_name(content_id.clone(), file.file_name.clone()),
            Disposition::Inline {
                content_id,
                named: false,
            } => Attachment::new_inline(content_id.clone()),
        }
    }
}

/// A part's encoded body: a text encoded for this message (its lines shared with other
/// messages where this thread encoded them before), or a file encoded once per run.
pub(super) enum Content {
    Text(MessageBytes),
    File(Arc<EncodedFile>),
}

impl Content {
    fn len(&self) -> usize {
        match self {
            Content::Text(bytes) => bytes.len(),
            Content::File(file) => file.body.as_ref().len(),
        }
    }

    /// Bytes of its own, and shared runs, it adds to a message.
    fn own_and_shared(&self) -> (usize, usize) {
        match self {
            Content::Text(bytes) => bytes.own_and_shared(),
            Content::File(_) => (0, 1),
        }
    }

    fn write(&self, out: &mut MessageBytes) {
        match self {
            Content::Text(bytes) => out.append(bytes),
            Content::File(file) => out.push_shared(Shared::File(Arc::clone(file))),
        }
    }
}

impl Node {
    /// A text/plain part whose body is quoted-printable already.
    pub(super) fn plain(quoted_printable: MessageBytes) -> Self {
        static HEAD: LazyLock<String> = LazyLock::new(|| text_head(ContentType::TEXT_PLAIN));
        Self::text(&HEAD, quoted_printable)
    }

    /// A text/html part whose body is quoted-printable already.
    pub(super) fn html(quoted_printable: MessageBytes) -> Self {
        static HEAD: LazyLock<String> = LazyLock::new(|| text_head(ContentType::TEXT_HTML));
        Self::text(&HEAD, quoted_printable)
    }

    /// A text part: its headers are the same in every message, written by lettre once a run.
    fn text(head: &str, quoted_printable: MessageBytes) -> Self {
        Node::Single {
            head: head.to_owned(),
            body: Content::Text(quoted_printable),
        }
    }

    /// A file, attached or shown inline, as `disposition` says.
    pub(super) fn file(disposition: Disposition, file: &Arc<EncodedFile>) -> Self {
        Node::Single {
            head: file_head(disposition, file),
            body: Content::File(Arc::clone(file)),
        }
    }

    /// A multipart of `kind` (mixed, related…) holding `parts`, in that order.
    pub(super) fn multi(kind: Multi, boundary: String, parts: Vec<Node>) -> Self {
        Node::Multi {
            head: multi_head(kind, &boundary),
            boundary,
            parts,
        }
    }

    /// The bytes [`Node::write`] writes.
    fn len(&self) -> usize {
        match self {
            Node::Single { head, body } => head.len() + 2 + body.len() + 2,
            Node::Multi { parts, .. } => {
                self.structure() + parts.iter().map(Node::len).sum::<usize>()
            }
        }
    }

    /// The bytes of its own and the shared runs [`Node::write`] writes.
    fn own_and_shared(&self) -> (usize, usize) {
        match self {
            Node::Single { head, body } => {
                let (own, shared) = body.own_and_shared();
                (head.len() + 2 + own + 2, shared)
            }
            Node::Multi { parts, .. } => parts.iter().map(Node::own_and_shared).fold(
                (self.structure(), 0),
                |(own, shared), (part_own, part_shared)| (own + part_own, shared + part_shared),
            ),
        }
    }

    /// A part's headers and the blank line after them; a multipart's delimiters too.
    fn structure(&self) -> usize {
        match self {
            Node::Single { head, .. } => head.len() + 2,
            Node::Multi {
                head,
                boundary,
                parts,
            } => head.len() + 2 + (parts.len() + 1) * (boundary.len() + 4) + 2,
        }
    }

    /// The part as lettre lays it out: headers, a blank line, the body; a multipart's parts
    /// each after a `--boundary` line, then the closing `--boundary--`.
    fn write(&self, out: &mut MessageBytes) {
        match self {
            Node::Single { head, body } => {
                out.extend_from_slice(head.as_bytes());
                out.extend_from_slice(b"\r\n");
                body.write(out);
                out.extend_from_slice(b"\r\n");
            }
            Node::Multi {
                head,
                boundary,
                parts,
            } => {
                out.extend_from_slice(head.as_bytes());
                out.extend_from_slice(b"\r\n");
                for part in parts {
                    out.extend_from_slice(b"--");
                    out.extend_from_slice(boundary.as_bytes());
                    out.extend_from_slice(b"\r\n");
                    part.write(out);
                }
                out.extend_from_slice(b"--");
                out.extend_from_slice(boundary.as_bytes());
                out.extend_from_slice(b"--\r\n");
            }
        }
    }
}

/// The whole message: its `head`, the header lines (as lettre writes them, `MIME-Version`
/// included; the Date line a run shared by the messages of a run), then `body`; its own
/// bytes in one allocation of their exact size.
pub(super) fn message(head: &[Run<'_>], body: &Node) -> MessageBytes {
    let (own, shared) = body.own_and_shared();
    let head_own: usize = head
        .iter()
        .map(|run| match run {
            Run::Own(bytes) => bytes.len(),
            Run::Shared(_) => 0,
        })
        .sum();
    let head_len: usize = head.iter().map(|run| run.bytes().len()).sum();
    let head_shared = head
        .iter()
        .filter(|run| matches!(run, Run::Shared(_)))
        .count();
    let mut out = MessageBytes::with_capacity(head_own + own, head_shared + shared);
    for run in head {
        match run {
            Run::Own(bytes) => out.extend_from_slice(bytes),
            Run::Shared(shared) => out.push_shared((*shared).clone()),
        }
    }
    body.write(&mut out);
    debug_assert_eq!(
        out.len(),
        head_len + body.len(),
        "the size is worked out exactly"
    );
    debug_assert_eq!(
        out.own_and_shared().0,
        head_own + own,
        "so is the size kept"
    );
    out
}

/// How many part headers a thread keeps; beyond, it starts again (a list naming a file of
/// its own per row must not fill memory).
const KEPT_HEADS: usize = 64;

/// The headers lettre writes for a multipart of `kind` with `boundary`. They hold the boundary
/// once, as it is, and depend on nothing else than its length and the place of its characters
/// that are not ASCII letters or digits (lettre folds at spaces, encodes words by their bytes,
/// quotes a parameter by its characters): lettre writes them once per thread for each such
/// shape, and the boundary goes between what is around it. A 4 kB message has two
/// multiparts: lettre's building was 5% of a `check`.
fn multi_head(kind: Multi, boundary: &str) -> String {
    thread_local! {
        static HEADS: RefCell<Vec<(Multi, String, String, String)>> = const { RefCell::new(Vec::new()) };
    }
    let shape: String = boundary
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { 'a' } else { c })
        .collect();
    HEADS.with_borrow_mut(|heads| {
        if let Some((.., before, after)) = heads
            .iter()
            .find(|(cached, cached_shape, ..)| *cached == kind && *cached_shape == shape)
        {
            return [before.as_str(), boundary, after.as_str()].concat();
        }
        let mut head = kind
            .lettre()
            .boundary(boundary)
            .build()
            .headers()
            .to_string();
        if kind == Multi::Related {
            // RFC 2387 requires the type of the root part; lettre leaves it out.
            head = head.replacen(
                "multipart/related;",
                "multipart/related; type=\"text/html\";",
                1,
            );
        }
        // Only a boundary written once, unchanged, can be cut out.
        if let (Some(at), 1) = (head.find(boundary), head.matches(boundary).count()) {
            if heads.len() >= KEPT_HEADS {
                heads.clear();
            }
            let (before, after) = (&head[..at], &head[at + boundary.len()..]);
            heads.push((kind, shape, before.to_owned(), after.to_owned()));
        }
        head
    })
}

/// The headers lettre writes for `file` as `disposition` says: the same in every message that
/// carries it, written once per thread (lettre's building was 3.5% of a `check`).
fn file_head(disposition: Disposition, file: &EncodedFile) -> String {
    type Key = (Disposition, String, ContentType, ContentTransferEncoding);
    thread_local! {
        static HEADS: RefCell<Vec<(Key, String)>> = const { RefCell::new(Vec::new()) };
    }
    let encoding = file.body.encoding();
    HEADS.with_borrow_mut(|heads| {
        let cached = heads.iter().find(|((d, name, kind, coding), _)| {
            *d == disposition
                && *name == file.file_name
                && *kind == file.content_type
                && *coding == encoding
        });
        if let Some((_, head)) = cached {
            return head.clone();
        }
        let head = disposition
            .lettre(file)
            .body(empty(encoding), file.content_type.clone())
            .headers()
            .to_string();
        if heads.len() >= KEPT_HEADS {
            heads.clear();
        }
        let key = (
            disposition,
            file.file_name.clone(),
            file.content_type.clone(),
            encoding,
        );
        heads.push((key, head.clone()));
        head
    })
}

/// The headers lettre writes for a quoted-printable text part of `kind`.
fn text_head(kind: ContentType) -> String {
    SinglePart::builder()
        .header(kind)
        .body(empty(ContentTransferEncoding::QuotedPrintable))
        .headers()
        .to_string()
}

/// An empty body that makes lettre write a part's headers for the given encoding.
fn empty(encoding: ContentTransferEncoding) -> Body {
    Body::dangerous_pre_encoded(Vec::new(), encoding)
}

#[cfg(test)]
mod tests;
