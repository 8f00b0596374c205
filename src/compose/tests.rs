use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::*;
use crate::recipients::{Recipient, RowRef};
use crate::render::{Template, TemplateFile};

/// 26 April 2021, 06:00 UTC: the Date every snapshot carries.
fn pinned_date() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_619_416_800)
}

mod follow_up;
mod international;

pub(super) struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Fixture {
    pub(super) fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical");
        std::fs::write(
            root.join("infographie.png"),
            b"\x89PNG\r\n\x1a\nfake image bytes",
        )
        .expect("write");
        std::fs::write(root.join("note.txt"), "Note de service\n").expect("write");
        Self { _dir: dir, root }
    }

    pub(super) fn composer(&self, attachments: &[&str], test: Option<&str>) -> Composer {
        Composer::new(
            ComposeSettings {
                campaign_id: "rentree-2021".into(),
                template_dir: self.root.clone(),
                campaign_root: self.root.clone(),
                attachments: attachments.iter().map(|a| self.root.join(a)).collect(),
                max_message_size: 10 * 1024 * 1024,
                auto_submitted: true,
                delivery_receipts: false,
                read_receipts: false,
                test_recipient: test.map(|t| t.parse().expect("address")),
                follow_up: None,
            },
            pinned_date(),
        )
        .expect("attachments load")
    }
}

pub(super) fn render(template: &str, names: &[&str], values: &[&str]) -> Rendered {
    let columns: crate::recipients::Columns = names
        .iter()
        .map(|n| (*n).to_string())
        .collect::<Vec<_>>()
        .into();
    let template = Template::compile(
        TemplateFile::parse(Path::new("message.md"), template).expect("parses"),
        &columns,
    )
    .expect("compiles");
    template
        .render(&Recipient {
            at: RowRef {
                file: Arc::from(Path::new("directeurs.csv")),
                line: 2,
            },
            columns,
            values: values.iter().map(|v| (*v).to_string()).collect(),
        })
        .expect("renders")
}

const CIRCULAR: &str = "From: Inspection de Lille 1 <ien.lille-1@ac-lille.fr>
To: {{ civilite }} {{ nom }} <{{ email }}>
Cc: {{ adjoint }}
Bcc: archives@ac-lille.fr
Reply-To: secretariat@ac-lille.fr
Subject: Rentrée numérique — {{ ecole }}
X-Circonscription: Lille 1
Content-Type: text/markdown

{{ civilite }} {{ nom }},

La rentrée du **26 avril** se fera à distance.

![Infographie](infographie.png)
";

const COLUMNS: [&str; 5] = ["civilite", "nom", "email", "adjoint", "ecole"];

#[test]
fn the_whole_message_is_pinned() {
    let fixture = Fixture::new();
    let rendered = render(
        CIRCULAR,
        &COLUMNS,
        &[
            "Madame",
            "Hélène N'Diaye",
            "h.ndiaye@ac-lille.fr",
            "",
            "École Jules-Ferry",
        ],
    );
    let composer = fixture.composer(&["infographie.png", "note.txt"], None);
    let message = composer.compose(&rendered).expect("composes");
    insta::assert_snapshot!(String::from_utf8(message.bytes.to_vec()).expect("ascii"));
    // Its Date line and its files are runs it shares, and its fingerprint, hashed run by
    // run, is the hash of the whole without the Date line, each file's encoded body in it
    // taken as its SHA-256 between the markers.
    assert_eq!(message.bytes.own_and_shared().1, 3);
    let mut whole = without_date(&message.bytes.to_vec()).into_owned();
    for file in composer.global_files() {
        let body = file.body.as_ref();
        let at = memchr::memmem::find(&whole, body).expect("the file is in the message");
        let marker = identity::file_marker(&Sha256::digest(body).into());
        whole.splice(at..at + body.len(), marker);
    }
    assert_eq!(message.fingerprint(), hex(&Sha256::digest(&whole)));
    assert_ne!(
        message.fingerprint(),
        hex(&Sha256::digest(without_date(&message.bytes.to_vec())))
    );
    assert_eq!(message.key, "archives@ac-lille.fr,h.ndiaye@ac-lille.fr");
    assert_eq!(
        message.attachments,
        [
            ("infographie.png".to_string(), 24),
            ("note.txt".to_string(), 16)
        ]
    );
}

#[test]
fn bcc_goes_to_the_envelope_only_and_empty_headers_are_left_out() {
    let fixture = Fixture::new();
    let rendered = render(
        CIRCULAR,
        &COLUMNS,
        &[
            "Monsieur",
            "Jérôme Lefèvre",
            "j.lefevre@ac-lille.fr",
            "",
            "Collège Jean-Macé",
        ],
    );
    let message = fixture
        .composer(&[], None)
        .compose(&rendered)
        .expect("composes");
    let text = String::from_utf8(message.bytes.to_vec()).expect("ascii");
    let headers = &text[..text.find("\r\n\r\n").expect("header end")];
    assert!(!headers.contains("Bcc"), "{headers}");
    assert!(!headers.contains("archives@"), "{headers}");
    assert!(!headers.to_lowercase().contains("\r\ncc:"), "{headers}");
    let envelope: Vec<String> = message
        .envelope
        .to()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(envelope, ["j.lefevre@ac-lille.fr", "archives@ac-lille.fr"]);
    assert!(headers.contains("Auto-Submitted: auto-generated"));
    assert!(headers.contains("X-Circonscription: Lille 1"));
}

#[test]
fn identity_is_stable_and_only_the_date_differs_between_runs() {
    let fixture = Fixture::new();
    let values = [
        "Madame",
        "Hélène",
        "h@ac-lille.fr",
        "adj@ac-lille.fr",
        "École",
    ];
    let rendered = render(CIRCULAR, &COLUMNS, &values);
    let first = fixture
        .composer(&[], None)
        .compose(&rendered)
        .expect("composes");
    let later = Composer::new(
        fixture.composer(&[], None).settings.clone(),
        pinned_date() + Duration::from_secs(86_400),
    )
    .expect("composer")
    .compose(&rendered)
    .expect("composes");
    assert_ne!(first.bytes, later.bytes);
    assert_eq!(first.fingerprint(), later.fingerprint());
    assert_eq!(first.message_id, later.message_id);
    let other = render(
        CIRCULAR,
        &COLUMNS,
        &["Madame", "Autre", "autre@ac-lille.fr", "", "École"],
    );
    let other = fixture
        .composer(&[], None)
        .compose(&other)
        .expect("composes");
    assert_ne!(first.message_id, other.message_id);
}

#[test]
fn a_test_send_goes_to_one_address_with_a_marked_subject() {
    let fixture = Fixture::new();
    let rendered = render(
        CIRCULAR,
        &COLUMNS,
        &[
            "Madame",
            "Hélène",
            "h@ac-lille.fr",
            "adj@ac-lille.fr",
            "École",
        ],
    );
    let message = fixture
        .composer(&[], Some("moi@ac-lille.fr"))
        .compose(&rendered)
        .expect("composes");
    let envelope: Vec<String> = message
        .envelope
        .to()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(envelope, ["moi@ac-lille.fr"]);
    assert!(message.subject.starts_with("[TEST] "));
    let text = String::from_utf8(message.bytes.to_vec()).expect("ascii");
    assert!(!text.contains("adj@ac-lille.fr"), "no Cc copy");
}

#[test]
fn bad_addresses_and_reserved_headers_are_errors_for_the_row() {
    let fixture = Fixture::new();
    let composer = fixture.composer(&[], None);
    let bad_to = render(
        "From: a@b.fr\nTo: {{ email }}\nSubject: x\n\nx\n",
        &["email"],
        &["pas une adresse"],
    );
    let error = composer.compose(&bad_to).expect_err("bad address");
    assert_eq!(
        error.to_string(),
        "directeurs.csv:2: header `To` (template line 2): `pas une adresse` is not an email address; write it as `name@domain.fr` or `Name <name@domain.fr>`"
    );
    let reserved = render(
        "From: a@b.fr\nTo: c@d.fr\nMessage-ID: <x@y>\nSubject: x\n\nx\n",
        &[],
        &[],
    );
    assert!(matches!(
        composer.compose(&reserved),
        Err(ComposeError::ReservedHeader { line: 3, .. })
    ));
    let nobody = render(
        "From: a@b.fr\nTo: {{ email }}\nSubject: x\n\nx\n",
        &["email"],
        &[""],
    );
    assert!(matches!(
        composer.compose(&nobody),
        Err(ComposeError::NoRecipient { .. })
    ));
    let escape = render(
        "From: a@b.fr\nTo: c@d.fr\nAttachment: ../../etc/passwd\nSubject: x\n\nx\n",
        &[],
        &[],
    );
    assert!(matches!(
        composer.compose(&escape),
        Err(ComposeError::Attachment {
            error: AttachmentError::OutsideCampaign { .. } | AttachmentError::Unreadable { .. },
            ..
        })
    ));
}

#[test]
fn the_date_line_is_removed_for_fingerprints() {
    let bytes = b"From: a@b.fr\r\nDate: Mon, 26 Apr 2021\r\n 06:00:00 +0000\r\nTo: c@d.fr\r\n\r\nDate: in body\r\n";
    assert_eq!(
        &*without_date(bytes),
        b"From: a@b.fr\r\nTo: c@d.fr\r\n\r\nDate: in body\r\n"
    );
}

/// The names and addresses of a parsed address header.
fn read(list: Option<&mail_parser::Address<'_>>) -> Vec<(String, String)> {
    list.map(|l| {
        l.iter()
            .map(|a| {
                (
                    a.name().unwrap_or_default().to_string(),
                    a.address().unwrap_or_default().to_string(),
                )
            })
            .collect()
    })
    .unwrap_or_default()
}

/// The names and addresses of a header's value as the template wrote it.
fn written(value: &str) -> Vec<(String, String)> {
    if value.is_empty() {
        return Vec::new();
    }
    address::parse_list(value)
        .expect("addresses")
        .into_iter()
        .map(|m| (m.name.unwrap_or_default(), m.email.to_string()))
        .collect()
}

/// Each value of `name` in `head`, read back as a Subject: mail-parser decodes no encoded
/// word in a header it does not know.
fn read_unstructured(head: &str, name: &str) -> Vec<String> {
    let prefix = format!("{name}: ");
    head.replace("\r\n ", " ")
        .lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .map(|value| {
            let message = format!("Subject: {value}\r\n\r\n");
            mail_parser::MessageParser::default()
                .parse(message.as_bytes())
                .and_then(|m| m.subject().map(str::to_string))
                .expect("a value")
        })
        .collect()
}

#[test]
fn the_headers_read_back_as_written_in_lines_of_78_at_most() {
    let fixture = Fixture::new();
    let long = "Rentrée numérique du lundi 26 avril 2021 : les recommandations de l’inspection pour l’école";
    let template = "From: {{ de }}
To: {{ a }}
Cc: {{ cc }}
Reply-To: {{ repondre }}
Subject: {{ objet }}
X-Circonscription: {{ autre }}
X-Circonscription: {{ autre }} bis
Keywords: {{ objet }}

Bonjour.
";
    let names = ["de", "a", "cc", "repondre", "objet", "autre"];
    let rows: [[&str; 6]; 6] = [
        [
            "Inspection de l’Éducation nationale, circonscription de Lille 1 <ien.lille-1@ac-lille.fr>",
            "Hélène N'Diaye <h.ndiaye@ac-lille.fr>",
            "",
            "",
            "Rentrée",
            "Lille 1",
        ],
        [
            "ien@ac-lille.fr",
            "\"Lefèvre, Jérôme\" <j.lefevre@ac-lille.fr>, Anne <anne@ac-lille.fr>, b@ac-lille.fr",
            "Zoé Ängström <zoe@ac-lille.fr>, c@ac-lille.fr",
            "Secrétariat <secretariat@ac-lille.fr>, autre@ac-lille.fr",
            long,
            "Roubaix–Tourcoing — 東京",
        ],
        [
            "Inspection <ien@ac-lille.fr>",
            "plain@ac-lille.fr",
            "",
            "",
            "",
            "",
        ],
        [
            "Inspection <ien@ac-lille.fr>",
            "Müller <m@ac-lille.fr>",
            "",
            "",
            "=?utf-8?q?d=C3=A9j=C3=A0?= encodé  deux  espaces",
            &"x".repeat(120),
        ],
        [
            "Inspection de l’Éducation nationale, circonscription de Lille 1 <ien.lille-1@ac-lille.fr>",
            "Jean Dupont <j@ac-lille.fr>",
            "",
            "",
            "Rentrée",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p",
        ],
        ["ien@ac-lille.fr", "j@ac-lille.fr", "", "", "Une ligne", ""],
    ];
    for test in [None, Some("testeur@ac-lille.fr")] {
        let composer = fixture.composer(&[], test);
        // Twice: the second time, the From of the message before is kept.
        for values in rows.iter().chain(&rows) {
            let rendered = render(template, &names, values);
            let message = composer.compose(&rendered).expect("composes");
            let whole = message.bytes.to_vec();
            let end = memchr::memmem::find(&whole, b"\r\n\r\n").expect("a body");
            let head = String::from_utf8(whole[..end].to_vec()).expect("UTF-8");
            assert!(head.is_ascii(), "{head}");
            for line in head.split("\r\n") {
                // Only a word longer than a line (the 120 x) may make one longer.
                assert!(
                    line.len() <= 78 || line.contains(&"x".repeat(79)),
                    "a line of {}: {line}",
                    line.len()
                );
            }
            let parsed = mail_parser::MessageParser::default()
                .parse(&whole)
                .expect("parsed");
            assert_eq!(read(parsed.from()), written(values[0]), "{head}");
            if test.is_none() {
                assert_eq!(read(parsed.to()), written(values[1]), "{head}");
                assert_eq!(read(parsed.cc()), written(values[2]), "{head}");
            }
            assert_eq!(read(parsed.reply_to()), written(values[3]), "{head}");
            if !values[4].is_empty() {
                let subject = match test {
                    None => values[4].to_string(),
                    Some(_) => format!("[TEST] {}", values[4]),
                };
                assert_eq!(parsed.subject(), Some(subject.as_str()), "{head}");
            }
            if !values[5].is_empty() {
                let own = read_unstructured(&head, "X-Circonscription");
                assert_eq!(own, [values[5].to_string(), format!("{} bis", values[5])]);
            }
        }
    }
}
