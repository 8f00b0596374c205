//! A message's header lines as lettre writes them (its address and encoded-word rules are
//! the ones we want), but for the Date line, a run of its own (see [`super::MessageBytes`]).

use lettre::Address;
use lettre::message::header::{self, Header, HeaderName, HeaderValue, Headers};
use lettre::message::{Mailbox, Mailboxes};

use super::Addressing;
use super::fields::Fields;

/// The header lines of a message, either side of its Date line.
pub(super) struct Head {
    /// The From line.
    pub from: String,
    /// Every other line, `MIME-Version` last.
    pub rest: String,
}

/// Every header of the message: what lettre's `MessageBuilder` writes for the same calls
/// (the tests compare both), without building a message around them (which parsed the From
/// header back) nor writing the same From again.
pub(super) fn write(
    fields: &Fields,
    from: &Mailbox,
    addressing: &Addressing,
    test_recipient: Option<&Address>,
) -> Head {
    let mut headers = Headers::with_capacity(8 + fields.other.len());
    headers.set(header::MessageId::from(addressing.message_id.clone()));
    if !addressing.subject.is_empty() {
        headers.set(header::Subject::from(addressing.subject.clone()));
    }
    if let Some(test) = test_recipient {
        // A test send shows the tester, not the real recipients, so a reply-all
        // cannot reach them; the header says whom it stands for.
        set_mailboxes::<header::To>(&mut headers, &[Mailbox::new(None, test.clone())]);
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("X-Missive-Test-For"),
            addressing.to_display.clone(),
        ));
    } else {
        set_mailboxes::<header::To>(&mut headers, &fields.to);
        set_mailboxes::<header::Cc>(&mut headers, &fields.cc);
    }
    set_mailboxes::<header::ReplyTo>(&mut headers, &fields.reply_to);
    for (name, value) in &fields.other {
        headers.insert_raw(HeaderValue::new(name.clone(), value.clone()));
    }
    headers.insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("Auto-Submitted"),
        "auto-generated".into(),
    ));
    headers.set(header::MIME_VERSION_1_0);
    Head {
        from: from_line(from),
        rest: headers.to_string(),
    }
}

/// The header `H` holding `mailboxes` (none: no header), as `MessageBuilder` joins the
/// mailboxes of one kind into one header.
fn set_mailboxes<H: Header + From<Mailboxes>>(headers: &mut Headers, mailboxes: &[Mailbox]) {
    if !mailboxes.is_empty() {
        headers.insert_raw(mailboxes_value::<H>(mailboxes));
    }
}

/// The value of header `H` holding `mailboxes`, as lettre writes it.
fn mailboxes_value<H: Header + From<Mailboxes>>(mailboxes: &[Mailbox]) -> HeaderValue {
    H::from(mailboxes.iter().cloned().collect::<Mailboxes>()).display()
}

/// The From line of `from`, as lettre writes it; the same From as the message before on
/// this thread (a template's usual case) is not written again.
fn from_line(from: &Mailbox) -> String {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(Mailbox, String)>> =
            const { std::cell::RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| match last {
        Some((mailbox, line)) if mailbox == from => line.clone(),
        _ => {
            let mut headers = Headers::new();
            headers.insert_raw(mailboxes_value::<header::From>(std::slice::from_ref(from)));
            let line = headers.to_string();
            *last = Some((from.clone(), line.clone()));
            line
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mailbox(text: &str) -> Mailbox {
        crate::recipients::address::parse_one(text).expect("a mailbox")
    }

    fn to_line(mailboxes: &[Mailbox]) -> String {
        let mut headers = Headers::new();
        set_mailboxes::<header::To>(&mut headers, mailboxes);
        headers.to_string()
    }

    #[test]
    fn mailboxes_are_written_as_lettre_writes_them() {
        let list = [
            mailbox("Hélène N'Diaye <h@ac-lille.fr>"),
            mailbox("j@ac-lille.fr"),
        ];
        let lettre = header::To::from(list.iter().cloned().collect::<Mailboxes>());
        let mut headers = Headers::new();
        headers.set(lettre);
        assert_eq!(to_line(&list), headers.to_string());
        assert!(to_line(&list).is_ascii());
        assert_eq!(to_line(&[]), "");
    }
}
