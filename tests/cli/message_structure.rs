//! The structure every mail client reads alike (issue 21), checked on whole messages as the
//! relay received them, parsed with `mail-parser`: attached files listed under their names
//! (a named part directly under multipart/mixed), an image both shown and attached sent
//! once, multipart/related with its `type=`, header lines of at most 78 characters, and
//! accented subjects and names that decode whole, in mail-parser and in Python's email
//! parser alike.

use std::process::Command;

use mail_parser::{MessagePart, MimeHeaders, PartType};

use crate::harness::{Campaign, SmtpServer, assert_exit, french, parse_mime, run, text};

/// The messages `campaign` sends to a recording server, as it received them.
fn sent(campaign: &Campaign) -> Vec<Vec<u8>> {
    let server = SmtpServer::builder().start();
    assert_exit(&run(campaign.send(&server, &["--rate", "unlimited"])), 0);
    server.messages().into_iter().map(|m| m.data).collect()
}

/// The parts directly under the root multipart of `message`, with the root's type.
fn top_level<'a>(message: &'a mail_parser::Message<'a>) -> (String, Vec<&'a MessagePart<'a>>) {
    let root = &message.parts[0];
    let kind = root.content_type().expect("a Content-Type");
    let name = format!("{}/{}", kind.ctype(), kind.subtype().unwrap_or_default());
    let PartType::Multipart(children) = &root.body else {
        return (name, Vec::new());
    };
    (
        name,
        children
            .iter()
            .map(|&i| &message.parts[i as usize])
            .collect(),
    )
}

fn disposition(part: &MessagePart<'_>) -> String {
    part.content_disposition()
        .map(|d| d.ctype().to_string())
        .unwrap_or_default()
}

/// The header block of `eml`, unfolded lines kept apart.
fn head(eml: &[u8]) -> String {
    let text = String::from_utf8_lossy(eml);
    text[..text.find("\r\n\r\n").expect("a blank line")].to_string()
}

fn assert_lines_at_most_78(eml: &[u8]) {
    for line in head(eml).split("\r\n") {
        assert!(
            line.len() <= 78,
            "a header line of {} characters: {line}",
            line.len()
        );
    }
}

#[test]
fn the_samples_infographic_is_listed_by_name_and_sent_once() {
    let campaign = Campaign::sample_without_login();
    let png = std::fs::read(
        campaign
            .path()
            .join("templates/rentree-numerique/infographie-rentree.png"),
    )
    .expect("the infographic");
    let messages = sent(&campaign);
    assert_eq!(messages.len(), 12);
    for eml in &messages {
        let message = parse_mime(eml);
        let (kind, parts) = top_level(&message);
        assert_eq!(kind, "multipart/mixed");
        // The body, then the infographic beside it, listed under its name.
        assert_eq!(parts.len(), 2, "{kind}: {parts:?}");
        let image = parts[1];
        assert_eq!(image.attachment_name(), Some("infographie-rentree.png"));
        assert_eq!(disposition(image), "inline");
        let content_id = image.content_id().expect("a Content-ID");
        let html = message.body_html(0).expect("an HTML part");
        assert!(
            html.contains(&format!("cid:{content_id}")),
            "the HTML shows the listed part"
        );
        // Sent once: one image part in the whole message, and its bytes are the file's.
        let images: Vec<&MessagePart<'_>> = message
            .parts
            .iter()
            .filter(|p| p.content_type().is_some_and(|t| t.ctype() == "image"))
            .collect();
        assert_eq!(images.len(), 1, "the infographic travels once");
        assert_eq!(images[0].contents(), png.as_slice());
        assert!(
            eml.len() < png.len() * 3 / 2,
            "{} bytes for a {}-byte infographic",
            eml.len(),
            png.len()
        );
        assert_lines_at_most_78(eml);
    }
}

#[test]
fn an_image_shown_and_not_attached_stays_in_related_with_its_type() {
    let campaign = Campaign::new(1);
    campaign.template("Bonjour {{ nom }},\n\n![Carte de la circonscription](carte.png)\n");
    let text = std::fs::read_to_string(campaign.path().join("message.md")).expect("template");
    let text = text.replacen("\n\n", "\nContent-Type: text/markdown\n\n", 1);
    campaign.write("message.md", text);
    campaign.write(
        "carte.png",
        include_bytes!("../../templates/rentree-numerique/infographie-rentree.png"),
    );
    let messages = sent(&campaign);
    let eml = &messages[0];
    let message = parse_mime(eml);
    let (kind, _) = top_level(&message);
    assert_eq!(kind, "multipart/alternative", "nothing attached: no mixed");
    let related = message
        .parts
        .iter()
        .find(|p| {
            p.content_type()
                .is_some_and(|t| t.subtype() == Some("related"))
        })
        .expect("a multipart/related");
    let kind = related.content_type().expect("its type");
    assert_eq!(kind.attribute("type"), Some("text/html"), "RFC 2387");
    let image = message
        .parts
        .iter()
        .find(|p| p.content_type().is_some_and(|t| t.ctype() == "image"))
        .expect("the image");
    assert_eq!(image.attachment_name(), None, "shown, not listed");
    assert_eq!(
        message.attachment_count(),
        1,
        "mail-parser counts it inline"
    );
}

#[test]
fn an_accented_file_name_is_listed_as_written() {
    let campaign = Campaign::new(1);
    campaign.write("Infographie rentrée numérique.pdf", b"%PDF-1.4\n%%EOF\n");
    let settings = campaign.path().join("campaign.toml");
    let toml = std::fs::read_to_string(&settings).expect("campaign.toml");
    std::fs::write(
        &settings,
        format!("{toml}attachments = [\"Infographie rentrée numérique.pdf\"]\n"),
    )
    .expect("campaign.toml");
    let messages = sent(&campaign);
    let message = parse_mime(&messages[0]);
    let (kind, parts) = top_level(&message);
    assert_eq!(kind, "multipart/mixed");
    assert_eq!(
        parts[1].attachment_name(),
        Some("Infographie rentrée numérique.pdf")
    );
    assert_eq!(disposition(parts[1]), "attachment");
    assert!(head(&messages[0]).is_ascii());
    assert!(
        String::from_utf8_lossy(&messages[0]).contains("filename*"),
        "RFC 2231"
    );
}

/// A subject and names with accents, dashes and a comma, and a long Cc list: every client
/// decodes the same text, and no header line passes 78 characters.
#[test]
fn accented_headers_decode_whole_in_two_parsers_and_fold_at_78() {
    let campaign = Campaign::new(0);
    campaign.write(
        "message.md",
        "From: Inspection de l'Éducation nationale, circonscription de Lille 1 <ien.lille-1@ac-lille.example>\n\
         To: {{ nom }} <{{ email }}>\n\
         Cc: Hélène Lefèvre <h.lefevre@ac-lille.example>, Jérôme N'Diaye <j.ndiaye@ac-lille.example>, Françoise Dupré-Ménard <f.dupre@ac-lille.example>, Noémie D'Hondt <n.dhondt@ac-lille.example>\n\
         Subject: Rentrée numérique du 26 avril — recommandations pour {{ ecole }}\n\
         \n\
         Bonjour,\n",
    );
    campaign.write(
        "liste.csv",
        "nom;email;ecole\nBenoît Vandamme;ce.0591378f@ac-lille.example;École maternelle de l'Arbrisseau à Villeneuve-d'Ascq\n",
    );
    let messages = sent(&campaign);
    let eml = &messages[0];
    assert_lines_at_most_78(eml);
    let subject = "Rentrée numérique du 26 avril — recommandations pour École maternelle de l'Arbrisseau à Villeneuve-d'Ascq";
    let message = parse_mime(eml);
    assert_eq!(message.subject(), Some(subject));
    let from = message.from().and_then(|f| f.first()).expect("From");
    assert_eq!(
        from.name(),
        Some("Inspection de l'Éducation nationale, circonscription de Lille 1")
    );
    let cc: Vec<&str> = message
        .cc()
        .expect("Cc")
        .iter()
        .filter_map(|a| a.name())
        .collect();
    assert_eq!(
        cc,
        [
            "Hélène Lefèvre",
            "Jérôme N'Diaye",
            "Françoise Dupré-Ménard",
            "Noémie D'Hondt"
        ]
    );
    // Python's email parser (the modern policy), as mailmerge's users' tools read it.
    let Some(python) = python3() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("message.eml");
    std::fs::write(&file, eml).expect("message.eml");
    let read = Command::new(python)
        .args([
            "-c",
            "import sys, email, email.policy\n\
             m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)\n\
             print(m['subject'])\n\
             print(m['from'].addresses[0].display_name)\n\
             print('|'.join(a.display_name for a in m['cc'].addresses))",
        ])
        .arg(&file)
        .output()
        .expect("python3 runs");
    assert!(read.status.success(), "{read:?}");
    let lines: Vec<String> = String::from_utf8(read.stdout)
        .expect("UTF-8")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            subject.to_string(),
            "Inspection de l'Éducation nationale, circonscription de Lille 1".to_string(),
            cc.join("|"),
        ]
    );
}

fn python3() -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// `message.md`: `headers`, a blank line, a short body.
fn headed(campaign: &Campaign, headers: &str) {
    campaign.write(
        "message.md",
        format!("{headers}\n\nBonjour {{{{ nom }}}},\n"),
    );
}

/// A template written with the French names of its headers (issue 23): `De :`, `À :`,
/// `Objet :` with the space French puts before the colon. The message goes out with the
/// standard headers, its Subject from the `Objet :` line, in the preview and on the wire.
#[test]
fn a_template_with_french_header_names_sends_its_subject() {
    let campaign = Campaign::new(1);
    headed(
        &campaign,
        "De : Inspection de Lille 1 <ien.lille-1@ac-lille.example>\n\
         À : {{ nom }} <{{ email }}>\n\
         Cci : archives@ac-lille.example\n\
         Objet : Rentrée numérique — {{ nom }}",
    );
    let preview = run(campaign.missive(&["preview", "--out", "revue"]));
    assert_exit(&preview, 0);
    let gallery =
        std::fs::read_to_string(campaign.path().join("revue/index.html")).expect("the gallery");
    assert!(
        gallery.contains("Rentrée numérique — Directrice 0"),
        "{gallery}"
    );
    let messages = sent(&campaign);
    assert_eq!(messages.len(), 1);
    let message = parse_mime(&messages[0]);
    assert_eq!(message.subject(), Some("Rentrée numérique — Directrice 0"));
    let from = message.from().and_then(|f| f.first()).expect("From");
    assert_eq!(
        from.address(),
        Some("ien.lille-1@ac-lille.example"),
        "{from:?}"
    );
    let to = message.to().and_then(|t| t.first()).expect("To");
    assert_eq!(to.name(), Some("Directrice 0"));
    // The Bcc is no header of the message, but an envelope recipient.
    assert!(message.bcc().is_none());
    assert!(!head(&messages[0]).to_ascii_lowercase().contains("objet"));
}

/// No subject line at all is refused by check, preview and send, saying which line to add,
/// in English and in French; an empty `Objet :` line sends without a subject on purpose.
#[test]
fn a_template_without_a_subject_line_is_refused_until_it_says_so() {
    let campaign = Campaign::new(1);
    let sender =
        "From: Inspection de Lille 1 <ien.lille-1@ac-lille.example>\nTo: {{ nom }} <{{ email }}>";
    headed(&campaign, sender);
    let server = SmtpServer::builder().start();
    for args in [&["check"][..], &["preview", "--out", "revue"]] {
        let output = run(campaign.missive(args));
        assert_exit(&output, 1);
        assert!(
            text(&output).contains("message.md:3: the template has no `Subject:` line; add one before this blank line (`Subject: …`, or `Objet : …` in French), or an empty `Subject:` line to send without a subject"),
            "{args:?}: {}",
            text(&output)
        );
    }
    let output = run(campaign.send(&server, &["--rate", "unlimited"]));
    assert_exit(&output, 1);
    assert!(
        text(&output).contains("no `Subject:` line"),
        "{}",
        text(&output)
    );
    assert!(server.messages().is_empty());
    let output = run({
        let mut command = french(campaign.path());
        command.arg("check");
        command
    });
    assert_exit(&output, 1);
    assert!(
        text(&output).contains("message.md:3\u{a0}: le modèle n'a pas de ligne d'objet\u{202f}; ajoutez-en une avant cette ligne vide (`Objet\u{a0}: …`, ou `Subject: …`), ou une ligne `Objet\u{a0}:` vide pour envoyer sans objet"),
        "{}",
        text(&output)
    );
    // An empty subject line: no subject, on purpose.
    headed(&campaign, &format!("{sender}\nObjet :"));
    let messages = sent(&campaign);
    assert_eq!(messages.len(), 1);
    let message = parse_mime(&messages[0]);
    assert_eq!(message.subject().unwrap_or_default(), "");
}
