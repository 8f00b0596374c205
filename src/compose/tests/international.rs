//! Addresses beyond ASCII through composition: an internationalised domain in its `xn--`
//! form in the envelope and the headers, a local part beyond ASCII kept, in UTF-8 headers,
//! and the message flagged for SMTPUTF8.

use super::{Fixture, render};
use crate::compose::{ComposeError, InternationalAddress, Outgoing};
use crate::recipients::address::AddressError;

const TEMPLATE: &str = "From: Inspection <ien@ac-lille.fr>
To: {{ nom }} <{{ email }}>
Cc: {{ adjoint }}
Subject: Rentrée

Bonjour.
";

/// The message of `template` for a row of `columns` holding `values`, or why it has none.
fn compose(template: &str, columns: &[&str], values: &[&str]) -> Result<Outgoing, ComposeError> {
    let fixture = Fixture::new();
    let composer = fixture.composer(&[], None);
    composer.compose(&render(template, columns, values))
}

/// The message of [`TEMPLATE`] for a row with this `nom`, `email` and `adjoint`.
fn circular(values: [&str; 3]) -> Outgoing {
    compose(TEMPLATE, &["nom", "email", "adjoint"], &values).expect("composes")
}

fn whole(message: &Outgoing) -> String {
    String::from_utf8(message.bytes.to_vec()).expect("UTF-8")
}

#[test]
fn an_internationalised_domain_goes_out_in_its_ascii_form_everywhere() {
    let message = circular(["Directeur", "directeur@école.fr", "adjoint@ÉCOLE.fr"]);
    let envelope: Vec<&str> = message.envelope.to().iter().map(AsRef::as_ref).collect();
    assert_eq!(
        envelope,
        ["directeur@xn--cole-9oa.fr", "adjoint@xn--cole-9oa.fr"]
    );
    let text = whole(&message);
    assert!(
        text.contains("\r\nTo: Directeur <directeur@xn--cole-9oa.fr>\r\n"),
        "{text}"
    );
    assert!(
        text.contains("\r\nCc: adjoint@xn--cole-9oa.fr\r\n"),
        "{text}"
    );
    assert!(text.is_ascii());
    assert!(!message.utf8_headers);
    assert!(!message.needs_smtputf8());
    let noted: Vec<(&str, &str, &str)> = message
        .international
        .iter()
        .map(|a| (a.header.as_str(), a.written.as_str(), a.sent.as_str()))
        .collect();
    assert_eq!(
        noted,
        [
            ("To", "directeur@école.fr", "directeur@xn--cole-9oa.fr"),
            ("Cc", "adjoint@ÉCOLE.fr", "adjoint@xn--cole-9oa.fr"),
        ]
    );
}

#[test]
fn a_domain_written_either_way_is_one_recipient_with_one_identity() {
    let unicode = circular(["Directeur", "directeur@École.fr", ""]);
    let ascii = circular(["Directeur", "directeur@xn--cole-9oa.fr", ""]);
    assert_eq!(unicode.key, "directeur@xn--cole-9oa.fr");
    assert_eq!(unicode.key, ascii.key);
    assert_eq!(unicode.message_id, ascii.message_id);
    // The envelope is the one the journal and the relay see alike.
    assert_eq!(unicode.envelope.to(), ascii.envelope.to());
    // The local part keeps its case on the way out; the key is case-blind.
    let upper = circular(["Directeur", "Directeur@École.fr", ""]);
    assert_eq!(upper.key, ascii.key);
}

#[test]
fn a_local_part_beyond_ascii_is_kept_in_utf8_and_the_message_needs_smtputf8() {
    let message = circular(["Élodie Martin", "élodie@ac-lyon.fr", "direction@école.fr"]);
    assert!(message.needs_smtputf8());
    assert!(message.utf8_headers);
    let text = whole(&message);
    assert!(
        text.contains("\r\nTo: Élodie Martin <élodie@ac-lyon.fr>\r\n"),
        "{text}"
    );
    // The Subject is still encoded (RFC 2047): only addresses are written in UTF-8.
    assert!(text.contains("\r\nSubject: =?UTF-8?Q?"), "{text}");
    let parsed = mail_parser::MessageParser::default()
        .parse(text.as_bytes())
        .expect("parsed");
    let to = parsed.to().and_then(|a| a.first()).expect("To");
    assert_eq!(
        (to.name(), to.address()),
        (Some("Élodie Martin"), Some("élodie@ac-lyon.fr"))
    );
    let needs: Vec<bool> = message
        .international
        .iter()
        .map(InternationalAddress::needs_smtputf8)
        .collect();
    assert_eq!(needs, [true, false]);
    // Once that recipient has had its outcome, a retry to the others still carries the
    // same headers.
    let others = message
        .only_to(|a| a.user().is_ascii())
        .expect("one is kept");
    assert!(others.needs_smtputf8(), "the To header is still UTF-8");
}

#[test]
fn the_sender_counts_for_smtputf8_and_plain_messages_do_not_need_it() {
    let from_utf8 = compose(
        "From: andré@ac-lille.fr\nTo: {{ email }}\nSubject: x\n\nx\n",
        &["email"],
        &["j.dupont@ac-lille.fr"],
    )
    .expect("composes");
    assert!(from_utf8.needs_smtputf8());
    let plain = circular(["Jean", "j.dupont@ac-lille.fr", ""]);
    assert!(!plain.needs_smtputf8());
    assert!(plain.international.is_empty());
}

#[test]
fn a_domain_with_no_ascii_form_is_an_error_for_the_row_that_says_what_to_fix() {
    for wrong in [
        "directeur@éc ole.fr",
        "directeur@école_.fr",
        "directeur@école..fr",
    ] {
        let error = compose(
            TEMPLATE,
            &["nom", "email", "adjoint"],
            &["Directeur", wrong, ""],
        )
        .expect_err(wrong);
        assert!(
            matches!(
                &error,
                ComposeError::Address {
                    line: 2,
                    error: AddressError::Domain(_),
                    ..
                }
            ),
            "{wrong}: {error:?}"
        );
        let text = error.to_string();
        assert!(
            text.starts_with("directeurs.csv:2: header `To` (template line 2): "),
            "{text}"
        );
        assert!(text.contains("is not a valid domain name"), "{text}");
        assert!(text.ends_with("correct the address"), "{text}");
    }
}
