//! Each fixture of `tests/fixtures/reports` (real Postfix reports, and hand-made ones in the
//! shape of Exchange, Gmail, Thunderbird and Outlook) read, every field checked; the shapes
//! written in the wild that the fixtures do not show are in `variants`.

use super::*;

mod variants;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/reports/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn time(rfc3339: &str) -> Time {
    DateTime::parse_from_rfc3339(rfc3339).expect("a test date")
}

fn id(hex: &str) -> String {
    format!("{hex}.missive@ac-lille.example")
}

/// What Postfix says of a recipient it handled itself: the same address as
/// Final-Recipient and Original-Recipient, no Last-Attempt-Date.
fn postfix(address: &str, action: Action, status: &str, diagnostic: &str) -> RecipientStatus {
    RecipientStatus {
        final_recipient: address.to_owned(),
        original_recipient: Some(address.to_owned()),
        action,
        status: Some(status.to_owned()),
        diagnostic: Some(diagnostic.to_owned()),
        last_attempt: None,
        permanent: status.starts_with('5'),
    }
}

fn unknown_user(address: &str) -> RecipientStatus {
    postfix(
        address,
        Action::Failed,
        "5.1.1",
        &format!("unknown user: \"{address}\""),
    )
}

fn unreachable(address: &str, action: Action) -> RecipientStatus {
    postfix(
        address,
        action,
        "4.4.1",
        "connect to 127.0.0.1[127.0.0.1]:60135: Connection refused",
    )
}

/// A report of the private Postfix of `scripts/report-fixtures` on a message of its run.
fn postfix_report(
    hex: &str,
    envelope_id: Option<&str>,
    recipients: Vec<RecipientStatus>,
) -> Returned {
    Returned::Delivery(DeliveryReport {
        original_message_id: Some(id(hex)),
        envelope_id: envelope_id.map(str::to_owned),
        arrival: Some(time("2026-12-06T02:43:08+00:00")),
        recipients,
    })
}

#[test]
fn a_real_postfix_bounce_returns_the_whole_message_and_reports_each_recipient() {
    assert_eq!(
        read(&fixture("postfix-bounce.eml")),
        postfix_report(
            "894e9353f89e97e8d7580e87bd846b7a",
            None,
            vec![
                unknown_user("ce.0596230c@ac-lille.example"),
                unknown_user("ce.0596231d@ac-lille.example"),
            ]
        )
    );
}

#[test]
fn a_real_postfix_bounce_of_a_large_message_returns_its_headers_only() {
    let bytes = fixture("postfix-bounce-headers.eml");
    assert!(String::from_utf8_lossy(&bytes).contains("Content-Type: text/rfc822-headers"));
    assert_eq!(
        read(&bytes),
        postfix_report(
            "9b8d03dc862230dab4e172e3ad939166",
            None,
            vec![
                unknown_user("ce.0599998y@ac-lille.example"),
                unknown_user("ce.0599999z@ac-lille.example"),
            ]
        )
    );
}

/// The same message warned about, then given up on: both times a temporary status, so
/// neither is a permanent failure of the addresses.
#[test]
fn a_real_postfix_delay_warning_then_expiry_are_not_permanent() {
    for (name, action) in [
        ("postfix-delayed.eml", Action::Delayed),
        ("postfix-expired.eml", Action::Failed),
    ] {
        assert_eq!(
            read(&fixture(name)),
            postfix_report(
                "56a1e58b48c5ffa79aba41e1e4c5bc20",
                None,
                vec![
                    unreachable("direction@example.net", action),
                    unreachable("secretariat@example.net", action),
                ]
            ),
            "{name}"
        );
    }
}

#[test]
fn a_real_postfix_success_report_has_the_envelope_id_a_delivery_and_a_relay() {
    assert_eq!(
        read(&fixture("postfix-success.eml")),
        postfix_report(
            "d676506fed30c668aa47ccc0b1ce85ba",
            Some("rentree-numerique-2021.3"),
            vec![
                postfix(
                    "secretariat@example.com",
                    Action::Relayed,
                    "2.0.0",
                    "250 2.0.0 Ok"
                ),
                postfix(
                    "ce.0594112k@ac-lille.example",
                    Action::Delivered,
                    "2.0.0",
                    "delivery via virtual: delivered to maildir"
                ),
            ]
        )
    );
}

#[test]
fn an_exchange_ndr_with_an_html_part_and_returned_headers() {
    assert_eq!(
        read(&fixture("exchange-ndr.eml")),
        Returned::Delivery(DeliveryReport {
            original_message_id: Some(id("666699013534ce8b145be4887de6364e")),
            envelope_id: None,
            arrival: Some(time("2026-12-07T07:14:06+00:00")),
            recipients: vec![RecipientStatus {
                final_recipient: "Marc.Lefebvre@ac-lille.example".into(),
                original_recipient: None,
                action: Action::Failed,
                status: Some("5.1.10".into()),
                diagnostic: Some(
                    "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"
                        .into()
                ),
                last_attempt: None,
                permanent: true,
            }],
        })
    );
}

#[test]
fn a_gmail_failure_is_a_bounce_though_it_says_auto_replied() {
    assert_eq!(
        read(&fixture("gmail-failure.eml")),
        Returned::Delivery(DeliveryReport {
            original_message_id: Some(id("377624412faa0e0f7b1da806e16bb89d")),
            envelope_id: None,
            arrival: Some(time("2026-12-07T00:02:12-08:00")),
            recipients: vec![RecipientStatus {
                final_recipient: "ce.0590001b@example.com".into(),
                original_recipient: None,
                action: Action::Failed,
                status: Some("5.1.1".into()),
                diagnostic: Some(
                    "550-5.1.1 The email account that you tried to reach does not exist. Please try \
                     550-5.1.1 double-checking the recipient's email address for typos or \
                     550-5.1.1 unnecessary spaces. For more information, go to \
                     550 5.1.1  https://support.google.example/mail/?p=NoSuchUser a1si123456wrb.5 - gsmtp"
                        .into()
                ),
                last_attempt: Some(time("2026-12-07T00:02:14-08:00")),
                permanent: true,
            }],
        })
    );
}

/// Thunderbird's receipt sent by hand, and Outlook's that Exchange sends by itself.
#[test]
fn read_receipts_of_thunderbird_and_outlook() {
    for (name, hex, recipient, automatic) in [
        (
            "thunderbird-mdn.eml",
            "e507511763cec84ac795ab48ef70dbba",
            "ce.0594112k@ac-lille.example",
            false,
        ),
        (
            "outlook-mdn.eml",
            "a28b7d67b4c28c5907e7050096208784",
            "ce.0596230c@ac-lille.example",
            true,
        ),
    ] {
        assert_eq!(
            read(&fixture(name)),
            Returned::Disposition(DispositionReport {
                original_message_id: Some(id(hex)),
                final_recipient: Some(recipient.into()),
                disposition: Disposition::Displayed,
                automatic,
            }),
            "{name}"
        );
    }
}

#[test]
fn an_exchange_out_of_office_in_french() {
    assert_eq!(
        read(&fixture("auto-reply-fr.eml")),
        Returned::AutoReply {
            original_message_ids: vec![id("374cf073938d98d05ef0e61658ebb186")],
            subject: "Réponse automatique\u{a0}: Rentrée numérique du 26 avril".into(),
        }
    );
}

#[test]
fn a_sieve_vacation_reply_in_english_answers_the_message_first() {
    assert_eq!(
        read(&fixture("auto-reply-en.eml")),
        Returned::AutoReply {
            original_message_ids: vec![
                id("4c93a7be9744a2be43ffacd8c032d513"),
                "3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f@example.com".into(),
            ],
            subject: "Auto: Rentrée numérique du 26 avril".into(),
        }
    );
}

#[test]
fn a_head_teachers_own_reply_is_other() {
    assert_eq!(read(&fixture("ordinary-reply.eml")), Returned::Other);
}

#[test]
fn a_bounce_forwarded_as_an_attachment_is_other() {
    let bytes = fixture("forwarded-bounce.eml");
    assert!(String::from_utf8_lossy(&bytes).contains("Content-Type: message/delivery-status"));
    assert_eq!(read(&bytes), Returned::Other);
}

/// A nested message mail-parser 0.11 cannot place back in its multipart (found by the
/// `reports` fuzz target): its `debug_assert!` fires in a debug build.
#[test]
fn a_mime_tree_mail_parser_asserts_on_is_other() {
    let bytes = b"s\n\
Content-Type: multipart/\n\
\tboundary=\"8CC2E98E39B.1796524991/smtp.ac-lille.example\n\
\n\
--8CC2E98E39B.1796524991/smtp.ac-lille.exampleContent-Type:message/rfc822\n\
\n\
eg\n\
Content-Type: message/rfc822\n\
\n\
\n\
--8CC2E98E39B.1796524991/smtp.ac-lille.example--\n";
    assert_eq!(read(bytes), Returned::Other);
}

/// Every fixture cut short at every byte, its start cut off, and the same with its line ends
/// changed: never a panic.
#[test]
fn no_input_makes_it_panic() {
    let folder = format!("{}/tests/fixtures/reports", env!("CARGO_MANIFEST_DIR"));
    let mut fixtures = 0;
    for entry in std::fs::read_dir(folder).expect("the fixtures") {
        let path = entry.expect("a fixture").path();
        if path.extension().is_none_or(|e| e != "eml") {
            continue;
        }
        fixtures += 1;
        let bytes = std::fs::read(&path).expect("a fixture");
        let text = String::from_utf8_lossy(&bytes);
        let other_line_ends = if text.contains("\r\n") {
            text.replace("\r\n", "\n")
        } else {
            text.replace('\n', "\r\n")
        };
        for whole in [bytes.as_slice(), other_line_ends.as_bytes()] {
            for end in 0..whole.len() {
                read(&whole[..end]);
            }
            for start in (0..whole.len()).step_by(5) {
                read(&whole[start..]);
            }
        }
    }
    assert!(fixtures >= 13, "{fixtures} fixtures");
}
