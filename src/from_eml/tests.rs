//! The whole conversion on small messages written here; the fixtures of real mail clients
//! are exercised end to end by `tests/cli/from_eml.rs`.

use super::*;

fn file<'a>(relay: &'a Relay, path: &str) -> &'a [u8] {
    relay.files.iter().find(|(p, _)| p == path).map_or_else(
        || panic!("{path} is written"),
        |(_, bytes)| bytes.as_slice(),
    )
}

fn text(relay: &Relay, path: &str) -> String {
    String::from_utf8(file(relay, path).to_vec()).expect("UTF-8")
}

const LATIN1_TEXT: &[u8] =
    b"From: =?iso-8859-1?Q?Inspection_de_l'=C9ducation_nationale?= <ien.lille-1@ac-lille.fr>\r\n\
To: ce.0594112k@ac-lille.fr\r\n\
Subject: =?iso-8859-1?Q?R=E9union_de_rentr=E9e?=\r\n\
Date: Mon, 19 Apr 2021 17:42:10 +0200\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=iso-8859-1\r\n\
Content-Transfer-Encoding: 8bit\r\n\
\r\n\
R\xe9union le 26 avril \x96 salle des f\xeates. Tapez {{ code }}.\r\n";

#[test]
fn a_latin1_text_message_becomes_a_text_template() {
    let relay = build(LATIN1_TEXT, &RelayOptions::default()).expect("converts");
    assert_eq!(relay.subject, "TR : Réunion de rentrée");
    assert_eq!(relay.template, "templates/reunion-de-rentree/message.txt");
    let template = text(&relay, &relay.template);
    assert!(
        template.contains(
            "Subject: TR : Réunion de rentrée\nContent-Type: text/plain\n\nBonjour {{ prenom }},\n"
        ),
        "{template}"
    );
    assert!(template.contains("De : Inspection de l'Éducation nationale <ien.lille-1@ac-lille.fr>\nDate : lundi 19 avril 2021 à 17:42\nObjet : Réunion de rentrée\nÀ : ce.0594112k@ac-lille.fr\n"), "{template}");
    assert!(
        template.contains("Réunion le 26 avril – salle des fêtes. Tapez {{ \"{{\" }} code }}."),
        "Windows-1252's en dash: {template}"
    );
    assert!(
        template.contains("prenom.nom@ac-lille.fr"),
        "the example address is the académie's: {template}"
    );
    let campaign = text(&relay, "campaign.toml");
    let table: toml::Table = toml::from_str(&campaign).expect("valid TOML");
    assert_eq!(table["template"].as_str(), Some(relay.template.as_str()));
    assert_eq!(
        table["recipients"].as_str(),
        Some("recipients/equipe-ecole.csv")
    );
    assert_eq!(table["throttle"]["rate"].as_str(), Some("20/min"));
    assert_eq!(table["throttle"]["concurrency"].as_integer(), Some(1));
    assert_eq!(
        table["smtp"]["url"].as_str(),
        Some("smtp://smtp.ac-lille.fr:587?tls=required")
    );
    assert!(
        file(&relay, "recipients/equipe-ecole.csv")
            .starts_with("\u{feff}prenom;nom;email".as_bytes())
    );
}

#[test]
fn a_given_subject_is_kept_as_written() {
    let options = RelayOptions {
        subject: Some("Pour {{ prenom }} : la réunion".into()),
    };
    let relay = build(LATIN1_TEXT, &options).expect("converts");
    assert!(text(&relay, &relay.template).contains("\nSubject: Pour {{ prenom }} : la réunion\n"));
    let options = RelayOptions {
        subject: Some("deux\nlignes".into()),
    };
    assert!(matches!(
        build(LATIN1_TEXT, &options),
        Err(FromEmlError::SubjectLineBreak)
    ));
}

#[test]
fn what_is_not_an_email_is_refused_with_the_way_to_save_one() {
    let msg = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    assert!(matches!(
        build(&msg, &RelayOptions::default()),
        Err(FromEmlError::OutlookMsg)
    ));
    let error = build(b"%PDF-1.4\n...", &RelayOptions::default()).expect_err("refused");
    assert!(error.to_string().contains(".eml"), "{error}");
}

#[test]
fn a_message_forwarded_as_attachment_is_unwrapped_and_its_signature_left_out() {
    let eml = format!(
        "From: Secrétariat <secretariat@ecole.fr>\r\nSubject: TR: note\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"out\"\r\n\r\n\
         --out\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoir la pièce jointe.\r\n\
         --out\r\nContent-Type: message/rfc822\r\n\r\n{}\r\n--out--\r\n",
        "From: DANE <dane@ac-lille.fr>\r\nSubject: Tr : Note de la DANE\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=\"in\"\r\n\r\n\
         --in\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n\
         Tm90ZSBkZSBsYSBEQU5FIDogw6lxdWlwZW1lbnRz\r\n\
         --in\r\nContent-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n\
         Content-Disposition: attachment; filename=\"smime.p7s\"\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n--in--"
    );
    let relay = build(eml.as_bytes(), &RelayOptions::default()).expect("converts");
    assert!(relay.unwrapped);
    assert_eq!(relay.original_subject, "Tr : Note de la DANE");
    assert_eq!(relay.subject, "TR : Note de la DANE");
    assert!(relay.attached.is_empty(), "{:?}", relay.attached);
    assert_eq!(relay.left_out.len(), 1, "{:?}", relay.left_out);
    assert!(
        relay.left_out[0]
            .to_string()
            .starts_with("smime.p7s (a signature")
    );
    let template = text(&relay, &relay.template);
    assert!(
        template.contains("Note de la DANE : équipements"),
        "{template}"
    );
    assert!(
        template.contains("De : DANE <dane@ac-lille.fr>"),
        "{template}"
    );
    assert!(!template.contains("Voir la pièce jointe"), "{template}");
}
