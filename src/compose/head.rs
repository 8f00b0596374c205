//! A message's header lines as lettre writes them (its address and encoded-word rules are
//! the ones we want), but for the Date line, a run of its own (see [`super::MessageBytes`]),
//! and for an address whose local part goes beyond ASCII (`élodie@ac-lyon.fr`): RFC 2047
//! cannot encode an address, so such a header is written in UTF-8 (RFC 6532), as a relay
//! that offers SMTPUTF8 carries it.

use lettre::Address;
use lettre::message::header::{self, Header, HeaderName, HeaderValue, Headers};
use lettre::message::{Mailbox, Mailboxes};

use super::Addressing;
use super::fields::Fields;
use crate::recipients::address::has_utf8_local_part;

/// The header lines of a message, either side of its Date line.
pub(super) struct Head {
    /// The From line.
    pub from: String,
    /// Every other line, `MIME-Version` last.
    pub rest: String,
}

impl Head {
    /// Whether a line holds UTF-8 (an address beyond ASCII): only a relay that offers
    /// SMTPUTF8 may carry the message. lettre encodes every other header in ASCII.
    pub(super) fn is_utf8(&self) -> bool {
        !self.from.is_ascii() || !self.rest.is_ascii()
    }
}

/// Every header of the message: what lettre's `MessageBuilder` writes for the same calls
/// (the tests compare both), without building a message around them (which parsed the From
/// header back) nor writing the same From again.
pub(super) fn write(
    fields: &Fields,
    from: &Mailbox,
    addressing: &Addressing,
    test_recipient: Option<&Address>,
    auto_submitted: bool,
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
    if auto_submitted {
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".into(),
        ));
    }
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

/// The value of header `H` holding `mailboxes`: lettre's, or in UTF-8 when an address has a
/// local part beyond ASCII (RFC 6532: display names as they are, quoted when they need it,
/// folded between addresses).
fn mailboxes_value<H: Header + From<Mailboxes>>(mailboxes: &[Mailbox]) -> HeaderValue {
    if !mailboxes.iter().any(|m| has_utf8_local_part(&m.email)) {
        return H::from(mailboxes.iter().cloned().collect::<Mailboxes>()).display();
    }
    let name = H::name();
    let mut value = String::new();
    let mut line = name.len() + 2;
    for (index, mailbox) in mailboxes.iter().enumerate() {
        let written = mailbox.to_string();
        if index > 0 {
            value.push(',');
            line += 1;
            // RFC 5322 asks for lines of 78 characters at most where it can.
            if line + 1 + written.chars().count() > 78 {
                value.push_str("\r\n");
                line = 0;
            }
            value.push(' ');
            line += 1;
        }
        line += written.chars().count();
        value.push_str(&written);
    }
    let raw = value.replace("\r\n", "");
    HeaderValue::dangerous_new_pre_encoded(name, raw, value)
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
    fn a_local_part_beyond_ascii_is_written_in_utf8_and_reads_back() {
        let list = [
            mailbox("Élodie Martin <élodie@ac-lyon.fr>"),
            mailbox("Jean Dupont <j.dupont@ac-lyon.fr>"),
            mailbox("\"Dupré, Anne\" <anne@ac-lyon.fr>"),
        ];
        let line = to_line(&list);
        assert_eq!(
            line,
            "To: Élodie Martin <élodie@ac-lyon.fr>, Jean Dupont <j.dupont@ac-lyon.fr>,\r\n \"Dupré, Anne\" <anne@ac-lyon.fr>\r\n"
        );
        let message = format!("From: ien@ac-lyon.fr\r\n{line}Subject: x\r\n\r\nBonjour\r\n");
        let parsed = mail_parser::MessageParser::default()
            .parse(message.as_bytes())
            .expect("parsed");
        let to: Vec<(Option<&str>, Option<&str>)> = parsed
            .to()
            .expect("To")
            .iter()
            .map(|a| (a.name(), a.address()))
            .collect();
        assert_eq!(
            to,
            [
                (Some("Élodie Martin"), Some("élodie@ac-lyon.fr")),
                (Some("Jean Dupont"), Some("j.dupont@ac-lyon.fr")),
                (Some("Dupré, Anne"), Some("anne@ac-lyon.fr")),
            ]
        );
    }

    #[test]
    fn ascii_addresses_are_written_as_lettre_writes_them() {
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
