//! A campaign that follows up an earlier one (`follow_up`): a message to an address the
//! earlier campaign wrote to answers that message (`In-Reply-To`, `References`), whatever
//! the case or the form of its domain; one to a new address, or to one whose earlier
//! message never left, answers nothing; the template may not write those headers itself.

use std::sync::Arc;

use super::{Fixture, pinned_date, render};
use crate::compose::{ComposeError, ComposeSettings, Composer, Outgoing};
use crate::follow_up::{EarlierCampaign, Previous};

const TEMPLATE: &str = "From: Inspection <ien@ac-lille.fr>
To: {{ nom }} <{{ email }}>
Subject: Rappel : rentrée numérique

Bonjour {{ nom }},
";

/// The earlier circular went to `directeur@école.fr` (kept by the journal in its ASCII
/// form) and failed for `parti@ac-lille.fr`.
fn earlier() -> EarlierCampaign {
    let mut earlier = EarlierCampaign::default();
    let at = || "2026-03-02T08:00:00Z".to_string();
    earlier.add(
        "directeur@xn--cole-9oa.fr".into(),
        Previous::new("<c1.missive@ac-lille.fr>".into(), "sent", None, true, at()),
    );
    earlier.add(
        "parti@ac-lille.fr".into(),
        Previous::new(
            "<c2.missive@ac-lille.fr>".into(),
            "failed",
            None,
            false,
            at(),
        ),
    );
    earlier
}

fn composer(fixture: &Fixture) -> Composer {
    let settings = ComposeSettings {
        follow_up: Some(Arc::new(earlier())),
        ..fixture.composer(&[], None).settings
    };
    Composer::new(settings, pinned_date()).expect("composer")
}

fn compose(template: &str, email: &str) -> Result<Outgoing, ComposeError> {
    let fixture = Fixture::new();
    composer(&fixture).compose(&render(template, &["nom", "email"], &["Directeur", email]))
}

fn text(message: &Outgoing) -> String {
    String::from_utf8(message.bytes.to_vec()).expect("UTF-8")
}

#[test]
fn a_message_to_an_earlier_recipient_answers_the_earlier_message() {
    let message = compose(TEMPLATE, "Directeur@ÉCOLE.fr").expect("composes");
    let text = text(&message);
    let id = &message.message_id;
    assert!(
        text.contains(&format!(
            "Message-ID: {id}\r\nIn-Reply-To: <c1.missive@ac-lille.fr>\r\nReferences: <c1.missive@ac-lille.fr>\r\n"
        )),
        "{text}"
    );
    let previous = message.previous.as_deref().expect("found");
    assert_eq!((previous.status, previous.read), ("sent", true));

    let parsed = mail_parser::MessageParser::default()
        .parse(message.bytes.to_vec().as_slice())
        .map(|m| {
            (
                m.in_reply_to().as_text().map(str::to_owned),
                m.references().as_text().map(str::to_owned),
            )
        })
        .expect("parses");
    let bare = Some("c1.missive@ac-lille.fr".to_string());
    assert_eq!(parsed, (bare.clone(), bare));
}

#[test]
fn a_new_recipient_or_one_whose_message_never_left_answers_nothing() {
    let new = compose(TEMPLATE, "nouveau@ac-lille.fr").expect("composes");
    assert!(new.previous.is_none());
    let failed = compose(TEMPLATE, "parti@ac-lille.fr").expect("composes");
    assert_eq!(failed.previous.as_deref().map(|p| p.status), Some("failed"));
    for message in [new, failed] {
        let text = text(&message);
        assert!(!text.contains("In-Reply-To"), "{text}");
        assert!(!text.contains("References"), "{text}");
    }
}

#[test]
fn the_template_may_not_thread_a_follow_up_itself() {
    let own = "From: Inspection <ien@ac-lille.fr>\nTo: {{ email }}\nIn-Reply-To: <x@ac-lille.fr>\nSubject: Rappel\n\nBonjour\n";
    assert!(matches!(
        compose(own, "nouveau@ac-lille.fr"),
        Err(ComposeError::ReservedHeader { line: 3, .. })
    ));
    // Without `follow_up`, the template's own threading is its business.
    let fixture = Fixture::new();
    let plain = fixture.composer(&[], None);
    let message = plain
        .compose(&render(
            own,
            &["nom", "email"],
            &["Directeur", "nouveau@ac-lille.fr"],
        ))
        .expect("composes");
    assert!(text(&message).contains("\r\nIn-Reply-To: <x@ac-lille.fr>\r\n"));
}
