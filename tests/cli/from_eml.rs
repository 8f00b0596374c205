//! `missive init --from-eml` on messages as mail clients save them (`tests/fixtures/eml/`,
//! see its README): each becomes a campaign that `check` stops until the head fills in the
//! `From:` line, that `preview` shows with the note, the forwarded block, the accents and the
//! infographic's exact bytes, and that `send` delivers over STARTTLS with a login to a real
//! SMTP server, which parses what it got back the same.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::prelude::*;
use mail_parser::MimeHeaders;

use crate::harness::{Campaign, SmtpServer, TestCa, french, missive, parse_mime, text};

const HEAD: &str = "Hélène Lefèvre <ce.0594112k@ac-lille.fr>";
const LOGIN: &str = "hlefevre";
const PASSWORD: &str = "Rentrée-2021!";

/// A received message and what its relay must show.
struct Fixture {
    file: &'static str,
    /// The subject of the relayed messages.
    subject: &'static str,
    /// The original's subject, in the forwarded block.
    original_subject: &'static str,
    /// Text of the original that must arrive intact, accents and all.
    phrases: &'static [&'static str],
    /// Whether the template is HTML (else text).
    html: bool,
    /// The infographic's name as attached.
    attachment: &'static str,
    /// Images shown inline only (not attached), by their name in the original.
    inline_only: &'static [&'static str],
    /// Text that must not be relayed.
    absent: &'static [&'static str],
}

const INTRO: &str = "L’enseignement à distance reprend le";

#[test]
fn thunderbird_mixed_alternative_related_quoted_printable() {
    relay(&Fixture {
        file: "thunderbird.eml",
        subject: "TR : Rentrée numérique du 26 avril — recommandations",
        original_subject: "Rentrée numérique du 26 avril — recommandations",
        phrases: &[INTRO, "l’infographie « les bons réflexes » ci-jointe"],
        html: true,
        attachment: "infographie-rentree.png",
        inline_only: &["logo-ien.png"],
        absent: &[],
    });
}

#[test]
fn outlook_latin1_with_windows_1252_and_the_infographic_pasted_and_attached() {
    relay(&Fixture {
        file: "outlook.eml",
        subject: "TR : Rentrée numérique du 26 avril - recommandations",
        original_subject: "Rentrée numérique du 26 avril - recommandations",
        phrases: &[
            INTRO,
            "(budget numérique : 1 500 €)",
            "{{ classe }} est {{ lien }} » ({% à compléter %}, {# sans accolades #})",
            "Secrétariat IEN Lille 1",
        ],
        html: true,
        attachment: "infographie-rentree.png",
        inline_only: &[],
        absent: &["charset=iso-8859-1", "image001.png"],
    });
}

#[test]
fn webmail_plain_text_latin1_8bit_with_an_accented_file_name() {
    relay(&Fixture {
        file: "webmail-texte-latin1.eml",
        subject: "TR : Rentrée numérique : l'infographie à afficher",
        original_subject: "Rentrée numérique : l'infographie à afficher",
        phrases: &["L'enseignement à distance reprend le lundi 26 avril 2021"],
        html: false,
        attachment: "infographie rentrée.png",
        inline_only: &[],
        absent: &[],
    });
}

#[test]
fn a_circular_forwarded_as_an_attachment_is_relayed_itself() {
    relay(&Fixture {
        file: "transfert-piece-jointe.eml",
        subject: "TR : Rentrée numérique du 26 avril — recommandations",
        original_subject: "TR : Rentrée numérique du 26 avril — recommandations",
        phrases: &[INTRO, "circonscription de Lille 1"],
        html: true,
        attachment: "infographie-rentree.png",
        inline_only: &[],
        absent: &["Le secrétariat", "TR : TR"],
    });
}

/// The whole walk of the README: init, check (refused, then fixed), preview, a test send to
/// oneself, the send.
fn relay(fixture: &Fixture) {
    let dir = tempfile::tempdir().expect("temp dir");
    let campaign = dir.path().join("relais");
    let init = exits(
        missive(dir.path())
            .args(["init", "--from-eml"])
            .arg(fixture_path(fixture.file))
            .arg("relais"),
        0,
    );
    assert!(
        init.contains(&format!("as `{}`", fixture.subject)),
        "{init}"
    );

    let refused = exits(missive(&campaign).arg("check"), 1);
    assert!(
        refused.contains("the `From:` line is still the placeholder")
            && refused.contains("e.g. `From: Prénom Nom <prenom.nom@ac-lille.fr>`"),
        "check says what to fill in: {refused}"
    );
    fill_in_from(&campaign);
    let checked = exits(missive(&campaign).arg("check"), 0);
    assert!(checked.contains("8 messages ready"), "{checked}");
    assert!(
        checked.contains("limits 20/min"),
        "a personal mailbox's pace: {checked}"
    );

    exits(missive(&campaign).args(["preview", "--out", "revue"]), 0);
    let staff = staff(&campaign);
    let originals = Originals::read(fixture);
    let emls = previewed(&campaign.join("revue/messages"));
    assert_eq!(emls.len(), 8);
    for eml in &emls {
        assert_relayed(eml, fixture, &staff, &originals);
    }

    let ca = TestCa::new(dir.path());
    let server = SmtpServer::builder()
        .starttls(&ca)
        .auth(LOGIN, PASSWORD)
        .start();
    let url = format!("smtp://127.0.0.1:{}?tls=required", server.addr().port());
    let send = |extra: &[&str]| {
        exits(
            missive(&campaign)
                .args(["send", "--yes", "--rate", "unlimited", "--smtp", &url])
                .args(["--smtp-user", LOGIN, "--ca-file"])
                .arg(ca.ca_file())
                .args(extra)
                .env("MISSIVE_SMTP_PASSWORD", PASSWORD),
            0,
        )
    };
    send(&["--to", "ce.0594112k@ac-lille.fr", "--limit", "1"]);
    let received = server.messages();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].rcpt_to, ["ce.0594112k@ac-lille.fr"]);
    let subject = received[0].parsed().subject().map(str::to_string);
    assert_eq!(subject, Some(format!("[TEST] {}", fixture.subject)));

    send(&[]);
    let received = server.messages();
    assert_eq!(received.len(), 9);
    let delivered: BTreeSet<&str> = received[1..]
        .iter()
        .flat_map(|m| m.rcpt_to.iter().map(String::as_str))
        .collect();
    let expected: BTreeSet<&str> = staff.keys().map(String::as_str).collect();
    assert_eq!(delivered, expected, "each teacher got one message");
    for message in &received[1..] {
        assert!(message.tls && message.authenticated_as.as_deref() == Some(LOGIN));
        assert_relayed(&message.data, fixture, &staff, &originals);
    }
}

/// One relayed message, parsed: subject, note, forwarded block, original text, files.
fn assert_relayed(
    eml: &[u8],
    fixture: &Fixture,
    staff: &std::collections::BTreeMap<String, String>,
    originals: &Originals,
) {
    let message = parse_mime(eml);
    assert_eq!(message.subject(), Some(fixture.subject));
    assert!(
        message.header("Auto-Submitted").is_none(),
        "a head writes from their own mailbox: out-of-office replies are theirs to get"
    );
    assert_eq!(
        message
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.address()),
        Some("ce.0594112k@ac-lille.fr")
    );
    let to = message
        .to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .expect("To");
    let prenom = &staff[to];
    let body = if fixture.html {
        match &message.parts[message.html_body[0] as usize].body {
            mail_parser::PartType::Html(html) => html.to_string(),
            other => panic!("an HTML part, not {other:?}"),
        }
    } else {
        message.body_text(0).expect("text body").into_owned()
    };
    let (bold, close) = if fixture.html {
        ("<b>", ":</b>")
    } else {
        ("", ":")
    };
    let expected = [
        format!("Bonjour {prenom},"),
        "Je vous transmets ci-dessous".to_string(),
        "-------- Message transféré --------".to_string(),
        format!("{bold}De {close} "),
        format!("{bold}Date {close} lundi 19 avril 2021 à "),
        format!("{bold}Objet {close} {}", fixture.original_subject),
    ];
    for needle in expected
        .iter()
        .map(String::as_str)
        .chain(fixture.phrases.iter().copied())
    {
        assert!(
            body.contains(needle),
            "`{needle}` in the body of {to}: {body}"
        );
    }
    let note = body.find("Bonjour ").expect("note");
    assert!(note < body.find("Message transféré").expect("block"));
    assert!(
        body.find("Message transféré").expect("block")
            < body.find(fixture.phrases[0]).expect("original")
    );
    for needle in fixture.absent {
        assert!(!body.contains(needle), "`{needle}` is not relayed: {body}");
    }
    assert!(
        !body.contains("VOTRE MOT"),
        "the edit mark is a comment, never sent"
    );

    let attached: Vec<_> = message
        .attachments()
        .filter(|a| a.attachment_name() == Some(fixture.attachment))
        .collect();
    assert_eq!(
        attached.len(),
        1,
        "the infographic travels once, as {}",
        fixture.attachment
    );
    assert_eq!(
        attached[0].contents(),
        originals.infographic,
        "its bytes are intact"
    );
    let pngs = message
        .attachments()
        .filter(|a| a.contents() == originals.infographic)
        .count();
    assert_eq!(pngs, 1, "never twice");
    for (name, bytes) in &originals.inline_only {
        let image = message
            .attachments()
            .find(|a| a.contents() == bytes.as_slice())
            .unwrap_or_else(|| panic!("{name} is embedded"));
        let id = image
            .content_id()
            .expect("an embedded image has a Content-ID");
        assert!(
            body.contains(&format!("src=\"cid:{id}\"")),
            "{name} is shown: {body}"
        );
        assert!(
            image.attachment_name().is_none(),
            "{name} is not offered as an attachment"
        );
    }
}

/// What the original carried, read from the fixture on its own.
struct Originals {
    infographic: Vec<u8>,
    inline_only: Vec<(String, Vec<u8>)>,
}

impl Originals {
    fn read(fixture: &Fixture) -> Self {
        let raw = std::fs::read(fixture_path(fixture.file)).expect("fixture");
        let parsed = parse_mime(&raw);
        let inline_only = fixture
            .inline_only
            .iter()
            .map(|name| {
                let part = parsed
                    .attachments()
                    .find(|a| a.attachment_name() == Some(*name))
                    .unwrap_or_else(|| panic!("{name} in {}", fixture.file));
                ((*name).to_string(), part.contents().to_vec())
            })
            .collect();
        Self {
            infographic: std::fs::read(
                repo().join("templates/rentree-numerique/infographie-rentree.png"),
            )
            .expect("the sample's infographic"),
            inline_only,
        }
    }
}

#[test]
fn init_from_eml_never_overwrites_and_takes_a_subject() {
    let dir = tempfile::tempdir().expect("temp dir");
    let eml = fixture_path("thunderbird.eml");
    missive(dir.path())
        .args([
            "init",
            "relais",
            "--subject",
            "Pour l'équipe de {{ prenom }} : la rentrée numérique",
            "--from-eml",
        ])
        .arg(&eml)
        .assert()
        .success();
    let template = dir
        .path()
        .join("relais/templates/rentree-numerique-du-26-avril-recommandations/message.html");
    let written = std::fs::read_to_string(&template).expect("template");
    assert!(
        written.contains("\nSubject: Pour l'équipe de {{ prenom }} : la rentrée numérique\n"),
        "{written}"
    );
    std::fs::write(&template, "edited by the head").expect("edit");
    let again = exits(
        missive(dir.path())
            .args(["init", "--from-eml"])
            .arg(&eml)
            .arg("relais"),
        1,
    );
    assert!(again.contains("never overwritten"), "{again}");
    assert_eq!(
        std::fs::read_to_string(&template).expect("read"),
        "edited by the head"
    );
}

#[test]
fn a_file_that_is_not_an_eml_is_refused_with_how_to_save_one() {
    let dir = Campaign::empty();
    dir.write("circulaire.msg", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest");
    let refused = exits(
        missive(dir.path()).args(["init", "--from-eml", "circulaire.msg", "relais"]),
        1,
    );
    assert!(
        refused.contains("circulaire.msg: this is an Outlook .msg file"),
        "{refused}"
    );
    assert!(!dir.path().join("relais").exists(), "nothing written");
    let refused = exits(
        french(dir.path()).args(["init", "--from-eml", "circulaire.msg", "relais"]),
        1,
    );
    assert!(
        refused.contains("c'est un fichier .msg d'Outlook, que missive ne sait pas lire\u{202f}; enregistrez plutôt le message en .eml"),
        "{refused}"
    );
    let missing = exits(
        missive(dir.path()).args(["init", "--from-eml", "absent.eml"]),
        1,
    );
    assert!(missing.contains("absent.eml"), "{missing}");
    // `--subject` needs `--from-eml`: a usage error.
    exits(missive(dir.path()).args(["init", "--subject", "x"]), 2);
}

/// Replaces the placeholder `From:` line, as the head does.
pub(crate) fn fill_in_from(campaign: &Path) {
    let settings: toml::Table = toml::from_str(
        &std::fs::read_to_string(campaign.join("campaign.toml")).expect("campaign.toml"),
    )
    .expect("valid TOML");
    let template = campaign.join(settings["template"].as_str().expect("template"));
    let text = std::fs::read_to_string(&template).expect("template");
    let filled: Vec<String> = text
        .split('\n')
        .map(|line| {
            if line.starts_with("From: {{ throw(") {
                format!("From: {HEAD}")
            } else {
                line.to_string()
            }
        })
        .collect();
    assert_ne!(filled.join("\n"), text, "the placeholder is there");
    std::fs::write(&template, filled.join("\n")).expect("template");
}

/// The sample staff list: email → prenom.
fn staff(campaign: &Path) -> std::collections::BTreeMap<String, String> {
    let list = std::fs::read_to_string(campaign.join("recipients/equipe-ecole.csv")).expect("list");
    let list = list
        .strip_prefix('\u{feff}')
        .expect("Excel's byte-order mark");
    list.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let fields: Vec<&str> = l.split(';').collect();
            (fields[2].to_string(), fields[0].to_string())
        })
        .collect()
}

pub(crate) fn previewed(folder: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("messages")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read(p).expect("eml"))
        .collect()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn fixture_path(name: &str) -> PathBuf {
    repo().join("tests/fixtures/eml").join(name)
}

/// Runs `command`, checks its exit code, and gives what it printed.
pub(crate) fn exits(command: &mut Command, code: i32) -> String {
    let output = command.output().expect("missive runs");
    let printed = text(&output);
    assert_eq!(output.status.code(), Some(code), "{printed}");
    printed
}
