//! A message's bytes, written once: its own into a buffer of their exact size, the rest
//! shared (see [`MessageBytes`]).
//!
//! lettre still writes every header (its address and encoded-word rules are the ones we
//! want); the bodies are written here, straight after them. `Message::formatted` grew its
//! buffer from empty (a dozen reallocations of a 7 kB message, each a copy) and needed
//! every attachment copied into each message's tree first: together 14% of a `send`'s CPU
//! with 5 kB messages, and a 270 kB copy per message with the infographic attached.
//! The layout is lettre's, byte for byte (the tests compare both on every kind of message).

use std::sync::{Arc, LazyLock};

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment, Body, MessageBuilder, MultiPartBuilder, SinglePart};

use super::EncodedFile;
use super::message_bytes::{MessageBytes, Shared};

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

    /// A file, attached or shown inline, as `attachment` says.
    pub(super) fn file(attachment: Attachment, file: &Arc<EncodedFile>) -> Self {
        let headers = attachment.body(empty(file.body.encoding()), file.content_type.clone());
        Node::Single {
            head: headers.headers().to_string(),
            body: Content::File(Arc::clone(file)),
        }
    }

    /// A multipart of `kind` (mixed, related…) holding `parts`, in that order.
    pub(super) fn multi(kind: MultiPartBuilder, boundary: String, parts: Vec<Node>) -> Self {
        let headers = kind.boundary(boundary.clone()).build();
        Node::Multi {
            head: headers.headers().to_string(),
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

/// The whole message: the headers `builder` holds (lettre checks them and adds
/// `MIME-Version`), then `body`; its own bytes in one allocation of their exact size.
pub(super) fn message(
    builder: MessageBuilder,
    body: &Node,
) -> Result<MessageBytes, lettre::error::Error> {
    // The part given to lettre only lets it build the message's own headers: a message's
    // headers never include those of its body.
    let headers = builder
        .singlepart(SinglePart::builder().body(empty(ContentTransferEncoding::SevenBit)))?
        .headers()
        .to_string();
    let (own, shared) = body.own_and_shared();
    let mut out = MessageBytes::with_capacity(headers.len() + own, shared);
    out.extend_from_slice(headers.as_bytes());
    body.write(&mut out);
    debug_assert_eq!(
        out.len(),
        headers.len() + body.len(),
        "the size is worked out exactly"
    );
    debug_assert_eq!(
        out.own_and_shared().0,
        headers.len() + own,
        "so is the size kept"
    );
    Ok(out)
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
mod tests {
    use std::time::{Duration, SystemTime};

    use lettre::message::{Mailbox, MultiPart};

    use super::*;

    /// `text` as a body whose first half is its own and the rest shared, as a text part
    /// that repeats a template's lines is.
    fn half_shared(text: &str) -> MessageBytes {
        let (own, shared) = text.as_bytes().split_at(text.len() / 2);
        let mut body = MessageBytes::from(own.to_vec());
        body.push_shared(Shared::Line(Arc::from(shared)));
        body
    }

    /// A message's shape, built both by lettre and by [`Node`].
    enum Shape {
        Plain(&'static str),
        Html(&'static str),
        Attached(Arc<EncodedFile>),
        Inline(&'static str, Arc<EncodedFile>, bool),
        Multi(fn() -> MultiPartBuilder, &'static str, Vec<Shape>),
    }

    enum LettrePart {
        Single(SinglePart),
        Multi(MultiPart),
    }

    fn file(name: &str, bytes: &[u8], kind: &str) -> Arc<EncodedFile> {
        Arc::new(EncodedFile {
            path: name.into(),
            file_name: name.into(),
            content_type: ContentType::parse(kind).expect("a MIME type"),
            body: Body::new(bytes.to_vec()),
            size: bytes.len() as u64,
            sha256: std::sync::OnceLock::new(),
        })
    }

    fn attachment(content_id: &str, file: &EncodedFile, named: bool) -> Attachment {
        if named {
            Attachment::new_inline_with_name(content_id.into(), file.file_name.clone())
        } else {
            Attachment::new_inline(content_id.into())
        }
    }

    fn ours(shape: &Shape) -> Node {
        match shape {
            Shape::Plain(text) => Node::plain(half_shared(text)),
            Shape::Html(text) => Node::html(half_shared(text)),
            Shape::Attached(file) => Node::file(Attachment::new(file.file_name.clone()), file),
            Shape::Inline(id, file, named) => Node::file(attachment(id, file, *named), file),
            Shape::Multi(kind, boundary, parts) => {
                Node::multi(kind(), (*boundary).into(), parts.iter().map(ours).collect())
            }
        }
    }

    fn lettres(shape: &Shape) -> LettrePart {
        let text = |kind, text: &str| {
            SinglePart::builder()
                .header(kind)
                .body(Body::dangerous_pre_encoded(
                    text.as_bytes().to_vec(),
                    ContentTransferEncoding::QuotedPrintable,
                ))
        };
        LettrePart::Single(match shape {
            Shape::Plain(body) => text(ContentType::TEXT_PLAIN, body),
            Shape::Html(body) => text(ContentType::TEXT_HTML, body),
            Shape::Attached(file) => Attachment::new(file.file_name.clone())
                .body(file.body.clone(), file.content_type.clone()),
            Shape::Inline(id, file, named) => {
                attachment(id, file, *named).body(file.body.clone(), file.content_type.clone())
            }
            Shape::Multi(kind, boundary, parts) => {
                let mut multi = kind().boundary(*boundary).build();
                for part in parts {
                    multi = match lettres(part) {
                        LettrePart::Single(single) => multi.singlepart(single),
                        LettrePart::Multi(inner) => multi.multipart(inner),
                    };
                }
                return LettrePart::Multi(multi);
            }
        })
    }

    fn headers() -> MessageBuilder {
        let from: Mailbox = "Inspection <ien@ac-lille.fr>".parse().expect("a mailbox");
        let to: Mailbox = "Hélène N'Diaye <h.ndiaye@ac-lille.fr>"
            .parse()
            .expect("a mailbox");
        MessageBuilder::new()
            .from(from)
            .to(to)
            .subject("Rentrée numérique : les recommandations")
            .date(SystemTime::UNIX_EPOCH + Duration::from_secs(1_619_416_800))
            .message_id(Some("<1.missive@ac-lille.fr>".into()))
    }

    #[test]
    fn every_shape_is_written_as_lettre_writes_it() {
        let png = file(
            "infographie.png",
            &[0x89, b'P', b'N', b'G', 0, 1, 2, 255],
            "image/png",
        );
        let note = file(
            "note.txt",
            "Note de l'inspection\n".as_bytes(),
            "text/plain",
        );
        let alternative = || {
            Shape::Multi(
                MultiPart::alternative,
                "b-alt",
                vec![
                    Shape::Plain("Bonjour H=C3=A9l=C3=A8ne,\r\n"),
                    Shape::Multi(
                        MultiPart::related,
                        "b-rel",
                        vec![
                            Shape::Html("<p>Bonjour</p><img src=3D\"cid:img1\">\r\n"),
                            Shape::Inline("img1", Arc::clone(&png), true),
                        ],
                    ),
                ],
            )
        };
        let shapes = [
            Shape::Plain("Bonjour,\r\n\r\nla rentr=C3=A9e.\r\n"),
            Shape::Html("<p>Bonjour</p>\r\n"),
            Shape::Multi(
                MultiPart::related,
                "b-rel",
                vec![
                    Shape::Html("<img src=3D\"cid:img1\">"),
                    Shape::Inline("img1", Arc::clone(&png), false),
                ],
            ),
            Shape::Multi(
                MultiPart::mixed,
                "b-mixed",
                vec![
                    Shape::Plain("Bonjour"),
                    Shape::Attached(Arc::clone(&note)),
                    Shape::Attached(Arc::clone(&png)),
                ],
            ),
            alternative(),
            Shape::Multi(
                MultiPart::mixed,
                "b-mixed",
                vec![alternative(), Shape::Attached(note)],
            ),
        ];
        for (index, shape) in shapes.iter().enumerate() {
            let expected = match lettres(shape) {
                LettrePart::Single(single) => headers().singlepart(single),
                LettrePart::Multi(multi) => headers().multipart(multi),
            }
            .expect("lettre builds it")
            .formatted();
            let written = message(headers(), &ours(shape)).expect("builds");
            assert_eq!(
                String::from_utf8_lossy(&written.to_vec()),
                String::from_utf8_lossy(&expected),
                "shape {index}"
            );
        }
    }
}
