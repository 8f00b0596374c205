//! A message's header lines: text and display names beyond ASCII encoded as every client
//! reads them alike, address lists folded at 78 characters ([`encoded_words`]); the Date
//! line is a run of its own (see [`super::MessageBytes`]). An address whose local part goes
//! beyond ASCII (`élodie@ac-lyon.fr`) cannot be encoded (RFC 2047 encodes no address), so
//! such a header is written in UTF-8 (RFC 6532), as a relay that offers SMTPUTF8 carries it.

use lettre::Address;
use lettre::message::Mailbox;

use super::Addressing;
use super::encoded_words;
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

/// What the headers ask of whoever handles the message.
#[derive(Debug, Clone, Copy)]
pub(super) struct Asks<'a> {
    /// `Auto-Submitted: auto-generated`: no out-of-office replies.
    pub auto_submitted: bool,
    /// `Disposition-Notification-To`: a read receipt, please.
    pub read_receipt: bool,
    /// `In-Reply-To` and `References`: the Message-ID of the earlier campaign's message this
    /// one answers (`follow_up`), so mail clients thread it under that message.
    pub answers: Option<&'a str>,
}

/// Every header of the message, written as a string (lettre's `Headers` kept one header of
/// each name: a template's second `X-…` line was lost), without writing the same From again.
pub(super) fn write(
    fields: &Fields,
    from: &Mailbox,
    addressing: &Addressing,
    test_recipient: Option<&Address>,
    asks: Asks<'_>,
) -> Head {
    let mut rest = String::with_capacity(512);
    line(&mut rest, "Message-ID", &addressing.message_id);
    if let Some(earlier) = asks.answers {
        // The earlier message is the thread's first: its own References would be empty.
        line(&mut rest, "In-Reply-To", earlier);
        line(&mut rest, "References", earlier);
    }
    if !addressing.subject.is_empty() {
        let value = encoded_words::unstructured("Subject", &addressing.subject);
        line(&mut rest, "Subject", &value);
    }
    if let Some(test) = test_recipient {
        // A test send shows the tester, not the real recipients, so a reply-all
        // cannot reach them; the header says whom it stands for.
        mailboxes(&mut rest, "To", &[Mailbox::new(None, test.clone())]);
        let value = encoded_words::unstructured("X-Missive-Test-For", &addressing.to_display);
        line(&mut rest, "X-Missive-Test-For", &value);
    } else {
        mailboxes(&mut rest, "To", &fields.to);
        mailboxes(&mut rest, "Cc", &fields.cc);
    }
    mailboxes(&mut rest, "Reply-To", &fields.reply_to);
    for (name, value) in &fields.other {
        line(&mut rest, name, &encoded_words::unstructured(name, value));
    }
    if asks.auto_submitted {
        line(&mut rest, "Auto-Submitted", "auto-generated");
    }
    if asks.read_receipt {
        // RFC 8098: receipts go where replies go, else to the sender; an address only.
        let to = fields.reply_to.first().unwrap_or(from);
        let address = [Mailbox::new(None, to.email.clone())];
        mailboxes(&mut rest, "Disposition-Notification-To", &address);
    }
    line(&mut rest, "MIME-Version", "1.0");
    Head {
        from: from_line(from),
        rest,
    }
}

fn line(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push_str(": ");
    out.push_str(value);
    out.push_str("\r\n");
}

/// The header `name` holding `mailboxes` (none: no header), folded at 78 characters
/// between its words: display names encoded as a phrase needs ([`encoded_words`]), or, when
/// an address has a local part beyond ASCII, in UTF-8 (RFC 6532: display names as they
/// are, quoted when they need it).
fn mailboxes(out: &mut String, name: &str, mailboxes: &[Mailbox]) {
    if !mailboxes.is_empty() {
        let utf8 = mailboxes.iter().any(|m| has_utf8_local_part(&m.email));
        line(
            out,
            name,
            &encoded_words::mailbox_list(name, mailboxes, utf8),
        );
    }
}

/// The From line of `from`; the same From as the message before on this thread (a
/// template's usual case) is not written again.
fn from_line(from: &Mailbox) -> String {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(Mailbox, String)>> =
            const { std::cell::RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| match last {
        Some((mailbox, line)) if mailbox == from => line.clone(),
        _ => {
            let mut line = String::new();
            mailboxes(&mut line, "From", std::slice::from_ref(from));
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

    fn to_line(list: &[Mailbox]) -> String {
        let mut line = String::new();
        mailboxes(&mut line, "To", list);
        line
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
    fn ascii_addresses_read_back_as_written_with_their_names_encoded() {
        let list = [
            mailbox("Hélène N'Diaye <h@ac-lille.example>"),
            mailbox("j@ac-lille.example"),
        ];
        let line = to_line(&list);
        assert_eq!(
            line,
            "To: =?UTF-8?Q?H=C3=A9l=C3=A8ne?= N'Diaye <h@ac-lille.example>,\r\n j@ac-lille.example\r\n"
        );
        assert_eq!(to_line(&[]), "");
    }
}
