//! Addresses beyond ASCII (RFC 6530). An internationalised domain (`directeur@école.fr`)
//! goes out in its ASCII form (`directeur@xn--cole-9oa.fr`), in the envelope and the headers
//! alike, which every relay and mail client reads. A local part beyond ASCII
//! (`élodie@ac-lyon.fr`) has no such form: the message can only go through a relay that
//! offers SMTPUTF8 (RFC 6531), its headers written in UTF-8 (RFC 6532); `check` warns
//! about each one before anything is sent.

use lettre::message::Mailbox;

use crate::recipients::address::{self, AddressError};

/// An address a template header took from the list that is not plain ASCII, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternationalAddress {
    /// The header it is in (`To`, `Cc`, `Bcc`, `Reply-To`, `From`), as the template names it.
    pub header: String,
    /// The template line of that header.
    pub line: usize,
    /// The column of the list that holds it, when one does (found by the pipeline, which
    /// knows the row).
    pub column: Option<String>,
    /// As written in the list: `directeur@école.fr`.
    pub written: String,
    /// As it goes out: `directeur@xn--cole-9oa.fr`.
    pub sent: String,
}

impl InternationalAddress {
    /// Whether its local part is beyond ASCII: it can only go through a relay that offers
    /// SMTPUTF8.
    pub fn needs_smtputf8(&self) -> bool {
        !self.sent.is_ascii()
    }
}

/// `mailbox` with its domain in ASCII; what was beyond ASCII noted in `noted` (a header
/// `header` of template line `line`).
pub(super) fn to_ascii_domain(
    mailbox: Mailbox,
    header: &str,
    line: usize,
    noted: &mut Vec<InternationalAddress>,
) -> Result<Mailbox, AddressError> {
    let converted = address::with_ascii_domain(&mailbox.email)?;
    let utf8_local_part = address::has_utf8_local_part(&mailbox.email);
    if converted.is_none() && !utf8_local_part {
        return Ok(mailbox);
    }
    let email = converted.unwrap_or_else(|| mailbox.email.clone());
    noted.push(InternationalAddress {
        header: header.to_string(),
        line,
        column: None,
        written: mailbox.email.to_string(),
        sent: email.to_string(),
    });
    Ok(Mailbox::new(mailbox.name, email))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(text: &str) -> (String, Vec<InternationalAddress>) {
        let mut noted = Vec::new();
        let mailbox = crate::recipients::address::parse_one(text).expect("a mailbox");
        let mailbox = to_ascii_domain(mailbox, "To", 2, &mut noted).expect("converts");
        (mailbox.to_string(), noted)
    }

    #[test]
    fn a_domain_goes_out_in_its_ascii_form_and_a_local_part_as_it_is() {
        let (mailbox, noted) = converted("Direction <directeur@École.fr>");
        assert_eq!(mailbox, "Direction <directeur@xn--cole-9oa.fr>");
        assert_eq!(noted.len(), 1);
        assert_eq!(noted[0].written, "directeur@École.fr");
        assert_eq!(noted[0].sent, "directeur@xn--cole-9oa.fr");
        assert!(!noted[0].needs_smtputf8());

        let (mailbox, noted) = converted("élodie@ac-lyon.fr");
        assert_eq!(mailbox, "élodie@ac-lyon.fr");
        assert!(noted[0].needs_smtputf8());
        assert_eq!((noted[0].header.as_str(), noted[0].line), ("To", 2));

        let (mailbox, noted) = converted("andré@lycée.fr");
        assert_eq!(mailbox, "andré@xn--lyce-dpa.fr");
        assert!(noted[0].needs_smtputf8());
    }

    #[test]
    fn plain_addresses_are_left_alone_and_not_noted() {
        for plain in ["j.dupont@ac-lille.fr", "X@XN--COLE-9OA.FR"] {
            let (mailbox, noted) = converted(plain);
            assert_eq!(mailbox, plain);
            assert!(noted.is_empty());
        }
    }
}
