//! The MIME tree's bytes against lettre's own `formatted()`, and each part's headers.
use std::time::{Duration, SystemTime};

use lettre::message::{Mailbox, MessageBuilder};

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
    Multi(Multi, &'static str, Vec<Shape>),
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
        Shape::Attached(file) => Node::file(Disposition::Attached, file),
        Shape::Inline(id, file, named) => Node::file(
            Disposition::Inline {
                content_id: (*id).to_string(),
                named: *named,
            },
            file,
        ),
        Shape::Multi(kind, boundary, parts) => {
            Node::multi(*kind, (*boundary).into(), parts.iter().map(ours).collect())
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
            let kind = match kind {
                Multi::Mixed => MultiPart::mixed(),
                Multi::Related => MultiPart::related(),
                Multi::Alternative => MultiPart::alternative(),
            };
            let mut multi = kind.boundary(*boundary).build();
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
            Multi::Alternative,
            "b-alt",
            vec![
                Shape::Plain("Bonjour H=C3=A9l=C3=A8ne,\r\n"),
                Shape::Multi(
                    Multi::Related,
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
            Multi::Related,
            "b-rel",
            vec![
                Shape::Html("<img src=3D\"cid:img1\">"),
                Shape::Inline("img1", Arc::clone(&png), false),
            ],
        ),
        Shape::Multi(
            Multi::Mixed,
            "b-mixed",
            vec![
                Shape::Plain("Bonjour"),
                Shape::Attached(Arc::clone(&note)),
                Shape::Attached(Arc::clone(&png)),
            ],
        ),
        alternative(),
        Shape::Multi(
            Multi::Mixed,
            "b-mixed",
            vec![alternative(), Shape::Attached(note)],
        ),
    ];
    // Twice: the second time the part headers are those kept by the first.
    for (index, shape) in shapes.iter().chain(&shapes).enumerate() {
        let expected = match lettres(shape) {
            LettrePart::Single(single) => headers().singlepart(single),
            LettrePart::Multi(multi) => headers().multipart(multi),
        }
        .expect("lettre builds it")
        .formatted();
        let own_headers = headers()
            .singlepart(SinglePart::builder().body(empty(ContentTransferEncoding::SevenBit)))
            .expect("lettre builds it")
            .headers()
            .to_string();
        let written = message(&[Run::Own(own_headers.as_bytes())], &ours(shape));
        assert_eq!(
            String::from_utf8_lossy(&written.to_vec()),
            with_related_type(&String::from_utf8_lossy(&expected)),
            "shape {index}"
        );
    }
}

#[test]
fn a_multipart_header_kept_for_a_shape_of_boundary_is_lettres_for_any_boundary_of_it() {
    let boundaries = [
        "=_missive_0123456789abcdef01234567_1",
        "=_missive_fedcba9876543210fedcba98_2",
        "=_missive_0123456789abcdef01234567_12",
        "a",
        "b",
        "x y",
        "x z",
        "b-alt",
        "c-rel",
        "ça",
        "là",
        "0123456789012345678901234567890123456789012345678901234567890123456789",
        "9876543210987654321098765432109876543210987654321098765432109876543210",
        "0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123",
    ];
    for kind in [Multi::Mixed, Multi::Related, Multi::Alternative] {
        for boundary in boundaries.iter().chain(&boundaries) {
            let lettre = kind
                .lettre()
                .boundary(*boundary)
                .build()
                .headers()
                .to_string();
            assert_eq!(
                multi_head(kind, boundary),
                with_related_type(&lettre),
                "{kind:?} {boundary}"
            );
        }
    }
}

/// lettre's layout with the `type=` RFC 2387 asks of multipart/related, which lettre omits.
fn with_related_type(lettre: &str) -> String {
    lettre.replace(
        "multipart/related;",
        "multipart/related; type=\"text/html\";",
    )
}
