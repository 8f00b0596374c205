//! Shapes met in the wild besides the fixtures': field names in any case, folded and
//! commented values, recipients not separated by blank lines, RFC 6533's UTF-8 reports, a
//! report without its returned message, MDN variants, and each sign of an automatic reply.

use super::*;

const ORIGINAL: &str = "0123456789abcdef0123456789abcdef.missive@ac-lille.example";

/// A `multipart/report` holding `status` as its machine part (of `kind`), then `returned`.
fn report(kind: &str, status: &str, returned: Option<(&str, &str)>, head: &str) -> Vec<u8> {
    let returned = returned.map_or(String::new(), |(content_type, body)| {
        format!("--b\nContent-Type: {content_type}\n\n{body}\n")
    });
    format!(
        "From: MAILER-DAEMON@mx.example.com\n{head}MIME-Version: 1.0\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n\
         --b\nContent-Type: text/plain\n\nIt went wrong.\n\n\
         --b\nContent-Type: {kind}\n\n{status}\n{returned}--b--\n"
    )
    .into_bytes()
}

fn delivery(status: &str) -> DeliveryReport {
    let headers = format!("From: a@ac-lille.example\nMessage-ID: <{ORIGINAL}>\n\n");
    let returned = Some(("text/rfc822-headers", headers.as_str()));
    let bytes = report("message/delivery-status", status, returned, "");
    let Returned::Delivery(report) = read(&bytes) else {
        panic!("not a DSN: {}", String::from_utf8_lossy(&bytes))
    };
    report
}

#[test]
fn names_in_any_case_folded_values_comments_and_no_blank_line_between_recipients() {
    let report = delivery(
        "reporting-mta: dns; mx.example.com\r\n\
         ORIGINAL-ENVELOPE-ID: rentree.1\r\n\
         arrival-date: Mon, 7 Dec 2026\r\n\t09:00:00 +0100\r\n\
         \r\n\
         FINAL-RECIPIENT: RFC822;<Jean.Dupont@Example.COM>\r\n\
         ACTION: FAILED\r\n\
         status: 5.1.1 (bad destination mailbox address)\r\n\
         diagnostic-code: SMTP; 550 5.1.1 <Jean.Dupont@Example.COM>:\r\n    \
         Recipient address rejected\r\n\
         last-attempt-date: Mon, 7 Dec 2026 09:00:05 +0100\r\n\
         original-recipient: rfc822; jean.dupont@example.com\r\n\
         final-recipient: rfc822; marie@example.com\r\n\
         action: delayed\r\n\
         status: 4.2.2(mailbox full)\r\n",
    );
    assert_eq!(
        report,
        DeliveryReport {
            original_message_id: Some(ORIGINAL.into()),
            envelope_id: Some("rentree.1".into()),
            arrival: Some(time("2026-12-07T09:00:00+01:00")),
            recipients: vec![
                RecipientStatus {
                    final_recipient: "Jean.Dupont@example.com".into(),
                    original_recipient: Some("jean.dupont@example.com".into()),
                    action: Action::Failed,
                    status: Some("5.1.1".into()),
                    diagnostic: Some(
                        "550 5.1.1 <Jean.Dupont@Example.COM>: Recipient address rejected".into()
                    ),
                    last_attempt: Some(time("2026-12-07T09:00:05+01:00")),
                    permanent: true,
                },
                RecipientStatus {
                    final_recipient: "marie@example.com".into(),
                    original_recipient: None,
                    action: Action::Delayed,
                    status: Some("4.2.2".into()),
                    diagnostic: None,
                    last_attempt: None,
                    permanent: false,
                },
            ],
        }
    );
}

#[test]
fn three_recipients_of_one_message_each_get_their_result() {
    let report = delivery(
        "Reporting-MTA: dns; mx.example.com\n\n\
         Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n\n\
         Final-Recipient: rfc822; b@example.com\nAction: delivered\nStatus: 2.0.0\n\n\
         Final-Recipient: rfc822; c@example.com\nAction: expanded\nStatus: 2.0.0\n",
    );
    let results: Vec<(&str, Action, bool)> = report
        .recipients
        .iter()
        .map(|r| (r.final_recipient.as_str(), r.action, r.permanent))
        .collect();
    assert_eq!(
        results,
        [
            ("a@example.com", Action::Failed, true),
            ("b@example.com", Action::Delivered, false),
            ("c@example.com", Action::Expanded, false),
        ]
    );
}

#[test]
fn a_recipient_without_action_or_status_class_is_left_out_and_one_without_action_is_inferred() {
    let report = delivery(
        "Reporting-MTA: dns; mx.example.com\n\n\
         Final-Recipient: rfc822; a@example.com\nAction: thinking\n\n\
         Final-Recipient: rfc822; b@example.com\nDiagnostic-Code: smtp; 550 no such user\n\n\
         Action: failed\nStatus: 5.0.0\n",
    );
    assert_eq!(report.recipients.len(), 1, "{report:?}");
    let only = &report.recipients[0];
    assert_eq!(only.final_recipient, "b@example.com");
    assert_eq!(only.action, Action::Failed);
    assert_eq!(only.status, None);
    assert!(only.permanent);
}

#[test]
fn a_global_delivery_status_with_a_utf8_address() {
    let status = "Reporting-MTA: dns; mx.example.com\n\n\
                  Final-Recipient: utf-8; h\\x{E9}l\\x{E8}ne@\\x{C9}cole.example\n\
                  Action: failed\nStatus: 5.1.1\n";
    let returned = format!("From: a@ac-lille.example\nMessage-ID: <{ORIGINAL}>\n\nHello\n");
    let Returned::Delivery(report) = read(&report(
        "message/global-delivery-status",
        status,
        Some(("message/global", &returned)),
        "",
    )) else {
        panic!("not a DSN")
    };
    assert_eq!(report.original_message_id.as_deref(), Some(ORIGINAL));
    assert_eq!(report.recipients[0].final_recipient, "hélène@école.example");
}

#[test]
fn a_dsn_without_its_returned_message_still_reports_its_recipients() {
    let status = "Reporting-MTA: dns; mx.example.com\nOriginal-Envelope-Id: rentree.7\n\n\
                  Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n";
    let Returned::Delivery(bare) = read(&report("message/delivery-status", status, None, ""))
    else {
        panic!("not a DSN")
    };
    assert_eq!(bare.original_message_id, None);
    assert_eq!(bare.envelope_id.as_deref(), Some("rentree.7"));
    assert_eq!(bare.recipients[0].final_recipient, "a@example.com");

    // Exchange and Gmail say In-Reply-To: that is used when nothing is returned.
    let head = format!("In-Reply-To: <{ORIGINAL}>\n");
    let Returned::Delivery(replying) =
        read(&report("message/delivery-status", status, None, &head))
    else {
        panic!("not a DSN")
    };
    assert_eq!(replying.original_message_id.as_deref(), Some(ORIGINAL));
}

fn disposition(fields: &str, returned: Option<(&str, &str)>) -> DispositionReport {
    let bytes = report("message/disposition-notification", fields, returned, "");
    let Returned::Disposition(report) = read(&bytes) else {
        panic!("not an MDN: {}", String::from_utf8_lossy(&bytes))
    };
    report
}

#[test]
fn an_mdn_sent_manually_is_not_automatic() {
    let report = disposition(
        &format!(
            "Reporting-UA: pc.ac-lille.example; Mozilla Thunderbird\n\
             Final-Recipient: rfc822;ce.0594112k@ac-lille.example\n\
             Original-Message-ID: <{ORIGINAL}>\n\
             Disposition: manual-action/MDN-sent-manually; displayed\n"
        ),
        None,
    );
    assert_eq!(
        report,
        DispositionReport {
            original_message_id: Some(ORIGINAL.into()),
            final_recipient: Some("ce.0594112k@ac-lille.example".into()),
            disposition: Disposition::Displayed,
            automatic: false,
        }
    );
}

#[test]
fn mdn_dispositions_with_comments_modifiers_and_case() {
    let cases = [
        (
            "Automatic-Action/MDN-sent-automatically; Deleted",
            true,
            Disposition::Deleted,
        ),
        (
            "automatic-action (by a rule) / MDN-sent-automatically ; processed/error",
            true,
            Disposition::Processed,
        ),
        (
            "manual-action/MDN-sent-manually;\n dispatched",
            false,
            Disposition::Dispatched,
        ),
        (
            "manual-action/MDN-sent-manually; denied",
            false,
            Disposition::Other("denied".into()),
        ),
    ];
    for (value, automatic, expected) in cases {
        let report = disposition(&format!("Disposition: {value}\n"), None);
        assert_eq!(
            (report.automatic, report.disposition),
            (automatic, expected),
            "{value}"
        );
    }
}

#[test]
fn an_mdn_without_original_message_id_takes_the_returned_headers() {
    let headers = format!("Message-ID: <{ORIGINAL}>\nSubject: x\n");
    let report = disposition(
        "Final-Recipient: rfc822; a@example.com\nDisposition: automatic-action/MDN-sent-automatically; displayed\n",
        Some(("text/rfc822-headers", &headers)),
    );
    assert_eq!(report.original_message_id.as_deref(), Some(ORIGINAL));
}

fn message(head: &str) -> Vec<u8> {
    format!(
        "From: a@example.com\nTo: ien.lille-1@ac-lille.example\nIn-Reply-To: <{ORIGINAL}>\n{head}\n\nBody\n"
    )
    .into_bytes()
}

#[test]
fn each_sign_of_an_automatic_reply() {
    for head in [
        "Subject: Absent\nAuto-Submitted: Auto-Replied; owner-email=a@example.com",
        "Subject: Absent\nX-Autoreply: yes",
        "Subject: Absent\nX-Autorespond: Absent",
        "Subject: Absent\nPrecedence: auto_reply",
        "Subject: Absent\nX-MS-Exchange-Inbox-Rules-Loop: a@example.com",
        "Subject: Out of Office: Rentrée",
        "Subject: Automatic reply: Rentrée",
        "Subject: Absence du bureau - Rentrée",
        "Subject: =?UTF-8?Q?R=C3=A9ponse_automatique_:_Rentr=C3=A9e?=",
    ] {
        let Returned::AutoReply {
            original_message_ids,
            ..
        } = read(&message(head))
        else {
            panic!("not an automatic reply: {head}")
        };
        assert_eq!(original_message_ids, [ORIGINAL], "{head}");
    }
}

#[test]
fn mail_that_is_no_automatic_reply_is_other() {
    for head in [
        // missive's own messages, a copy of which may come back to the sender.
        "Subject: Rentrée\nAuto-Submitted: auto-generated",
        "Subject: Rentrée\nAuto-Submitted: no",
        "Subject: Lettre d'information\nPrecedence: bulk",
        "Subject: RE: Automatic reply: Rentrée",
        "Subject: Re: Rentrée",
    ] {
        assert_eq!(read(&message(head)), Returned::Other, "{head}");
    }
}

#[test]
fn an_automatic_reply_without_references_has_no_ids() {
    let bytes = b"From: a@example.com\nSubject: Out of Office: Rentr\xc3\xa9e\n\nAway\n";
    assert_eq!(
        read(bytes),
        Returned::AutoReply {
            original_message_ids: Vec::new(),
            subject: "Out of Office: Rentrée".into(),
        }
    );
}

#[test]
fn what_is_not_mail_is_other() {
    for bytes in [
        &b""[..],
        b"\n\n\n",
        b"\xff\xfe\x00garbage",
        b"Content-Type: multipart/report\n\n",
    ] {
        assert_eq!(read(bytes), Returned::Other);
    }
}
