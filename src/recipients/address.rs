//! Address lists as people type them in a spreadsheet cell or a template header:
//! `Jean Dupont <j.dupont@ac-lille.fr>`, `a@x.fr; b@x.fr`, `"Dupont, Jean" <j@x.fr>`,
//! or `Dupont, Jean <j@x.fr>` (a comma in an unquoted name is kept with the name).
//!
//! An internationalised domain (`école.fr`) has an ASCII form (IDNA, UTS #46:
//! `xn--cole-9oa.fr`) that every relay and mail client reads; a local part beyond ASCII
//! (`élodie@`) has none, and needs a relay that offers SMTPUTF8 (RFC 6531).

use std::borrow::Cow;

use lettre::Address;
use lettre::message::Mailbox;

/// Why a value is not a list of addresses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("{}", t!("recipients-address-invalid", text = .0.as_str()))]
    Invalid(String),
    #[error("{}", t!("recipients-address-control", text = .0.as_str()))]
    ControlCharacter(String),
    #[error("{}", t!("recipients-address-unclosed", text = .0.as_str()))]
    Unclosed(String),
    /// A domain beyond ASCII without a valid ASCII form: `address` whole.
    #[error(
        "{}",
        t!(
            "recipients-address-domain",
            text = .0.as_str(),
            domain = .0.rsplit_once('@').map_or(.0.as_str(), |(_, domain)| domain),
        )
    )]
    Domain(String),
}

impl AddressError {
    /// The text at fault, as it was written.
    pub fn text(&self) -> &str {
        match self {
            Self::Invalid(text)
            | Self::ControlCharacter(text)
            | Self::Unclosed(text)
            | Self::Domain(text) => text,
        }
    }
}

/// Parses a list of mailboxes separated by `,` or `;`. An empty value gives an empty list.
pub fn parse_list(value: &str) -> Result<Vec<Mailbox>, AddressError> {
    let mut mailboxes = Vec::new();
    let mut pending_name = String::new();
    for piece in split_outside_quotes(value) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        if !piece.contains('@') {
            // `Dupont, Jean <j@x.fr>`: the comma belonged to the name.
            if !pending_name.is_empty() {
                pending_name.push_str(", ");
            }
            pending_name.push_str(piece);
            continue;
        }
        let whole = if pending_name.is_empty() {
            piece.to_string()
        } else {
            format!("{}, {piece}", std::mem::take(&mut pending_name))
        };
        mailboxes.push(parse_one(&whole)?);
    }
    if !pending_name.is_empty() {
        return Err(AddressError::Invalid(pending_name));
    }
    Ok(mailboxes)
}

/// One address, as `--to` takes it: `name@domain.fr`, or `Name <name@domain.fr>` whose
/// name is dropped; its domain in its ASCII form, as it goes out.
pub fn parse_address(value: &str) -> Result<Address, AddressError> {
    let address = parse_one(value)?.email;
    Ok(with_ascii_domain(&address)?.unwrap_or(address))
}

/// Parses `Name <address>` or a bare address.
pub fn parse_one(value: &str) -> Result<Mailbox, AddressError> {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        return Err(AddressError::ControlCharacter(
            value.escape_debug().to_string(),
        ));
    }
    let (name, address) = match value.rfind('<') {
        Some(open) => {
            let Some(inner) = value[open + 1..].strip_suffix('>') else {
                return Err(AddressError::Unclosed(value.to_string()));
            };
            (unquote(value[..open].trim()), inner.trim())
        }
        None => (String::new(), value),
    };
    let address: Address = address.parse().map_err(|_| invalid(address))?;
    let name = (!name.is_empty()).then_some(name);
    Ok(Mailbox::new(name, address))
}

/// Why `address` is not one: its domain, when it is beyond ASCII and has no valid ASCII form.
fn invalid(address: &str) -> AddressError {
    let no_ascii_form =
        |domain: &str| ascii_domain(domain).is_none_or(|ascii| Address::new("x", ascii).is_err());
    match address.rsplit_once('@') {
        Some((_, domain)) if !domain.is_ascii() && no_ascii_form(domain) => {
            AddressError::Domain(address.to_string())
        }
        _ => AddressError::Invalid(address.to_string()),
    }
}

/// The ASCII form of `domain` (IDNA, UTS #46: lower case, `école.fr` → `xn--cole-9oa.fr`);
/// `None` when it has none. Borrowed when `domain` is that form already.
fn ascii_domain(domain: &str) -> Option<Cow<'_, str>> {
    idna::domain_to_ascii_cow(domain.as_bytes(), idna::AsciiDenyList::STD3).ok()
}

/// `address` with its domain in its ASCII form, as the envelope and the headers carry it
/// (a relay without SMTPUTF8 takes nothing else); `None` when its domain is ASCII already.
pub fn with_ascii_domain(address: &Address) -> Result<Option<Address>, AddressError> {
    let domain = address.domain();
    if domain.is_ascii() {
        return Ok(None);
    }
    let refused = || AddressError::Domain(address.to_string());
    let ascii = ascii_domain(domain).ok_or_else(refused)?;
    Address::new(address.user(), ascii)
        .map(Some)
        .map_err(|_| refused())
}

/// Whether the part of `address` before the `@` goes beyond ASCII: it has no ASCII form,
/// and only a relay that offers SMTPUTF8 (RFC 6531) carries it.
pub fn has_utf8_local_part(address: &Address) -> bool {
    !address.user().is_ascii()
}

/// The normalised form of an address for comparing envelopes: the domain in lower case, in
/// its ASCII form (`x@école.fr` and `x@xn--cole-9oa.fr` are one address). The local part is
/// lowered too: every relay this tool targets treats it case-blind.
pub fn normalise(address: &Address) -> String {
    let domain = address.domain();
    // Composed messages have ASCII domains already: no IDNA work for them.
    let converted = (!domain.is_ascii()).then(|| ascii_domain(domain)).flatten();
    match converted {
        Some(ascii) => format!("{}@{ascii}", address.user().to_lowercase()),
        None => address.to_string().to_lowercase(),
    }
}

fn unquote(name: &str) -> String {
    match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => name.to_string(),
    }
}

fn split_outside_quotes(value: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut in_quotes = false;
    let mut in_angle = false;
    let mut start = 0;
    for (index, c) in value.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            '<' if !in_quotes => in_angle = true,
            '>' if !in_quotes => in_angle = false,
            ',' | ';' if !in_quotes && !in_angle => {
                pieces.push(&value[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    pieces.push(&value[start..]);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(value: &str) -> Vec<String> {
        parse_list(value)
            .expect("valid list")
            .iter()
            .map(|m| format!("{:?} {}", m.name, m.email))
            .collect()
    }

    #[test]
    fn one_address_keeps_the_address_alone_and_says_the_form_when_wrong() {
        let address = parse_address(" Moi <moi@ac-lille.fr> ").expect("valid");
        assert_eq!(address.to_string(), "moi@ac-lille.fr");
        for bad in ["moi", "", "a@x.fr, b@x.fr"] {
            let error = parse_address(bad).expect_err(bad).to_string();
            assert!(error.contains("write it as `name@domain.fr`"), "{error}");
        }
    }

    #[test]
    fn accepts_the_forms_people_type() {
        assert_eq!(shown(""), Vec::<String>::new());
        assert_eq!(shown("a@x.fr; b@x.fr"), ["None a@x.fr", "None b@x.fr"]);
        assert_eq!(
            shown("Hélène N'Diaye <h.ndiaye@ac-lille.fr>"),
            ["Some(\"Hélène N'Diaye\") h.ndiaye@ac-lille.fr"]
        );
        assert_eq!(
            shown("\"Dupont, Jean\" <j@x.fr>, Dupré, Anne <a@x.fr>"),
            [
                "Some(\"Dupont, Jean\") j@x.fr",
                "Some(\"Dupré, Anne\") a@x.fr"
            ]
        );
    }

    #[test]
    fn refuses_what_would_break_a_header() {
        assert!(matches!(
            parse_list("Jean\r\nBcc: x@evil.fr <j@x.fr>"),
            Err(AddressError::ControlCharacter(_))
        ));
        assert!(matches!(
            parse_list("pas-une-adresse"),
            Err(AddressError::Invalid(_))
        ));
        assert!(matches!(
            parse_list("Jean <j@x.fr"),
            Err(AddressError::Unclosed(_))
        ));
    }

    #[test]
    fn display_names_are_quoted_when_written() {
        let mailbox = parse_one("Dupont, Jean <j@x.fr>").expect("valid");
        assert_eq!(mailbox.to_string(), "\"Dupont, Jean\" <j@x.fr>");
    }

    #[test]
    fn a_cell_may_hold_several_addresses_with_either_separator() {
        assert_eq!(
            shown("Hélène N'Diaye <h@x.fr>; Dupré, Anne <a@x.fr>, b@x.fr ;"),
            [
                "Some(\"Hélène N'Diaye\") h@x.fr",
                "Some(\"Dupré, Anne\") a@x.fr",
                "None b@x.fr"
            ]
        );
        assert_eq!(
            shown("\"L'École; direction\" <d@x.fr>"),
            ["Some(\"L'École; direction\") d@x.fr"]
        );
    }

    /// Names with accents, apostrophes, commas, semicolons and quotes come out of a real
    /// message, read by a MIME parser, exactly as they were typed.
    #[test]
    fn display_names_survive_a_round_trip_through_a_message() {
        let typed = [
            ("Hélène N'Diaye <h@x.fr>", "Hélène N'Diaye"),
            ("Dupré, née Le Goff <a@x.fr>", "Dupré, née Le Goff"),
            ("O'Brien, Seán <s@x.fr>", "O'Brien, Seán"),
            (
                "\"Jean \\\"Jeannot\\\" Dupont\" <j@x.fr>",
                "Jean \"Jeannot\" Dupont",
            ),
            ("\"L'École; direction\" <d@x.fr>", "L'École; direction"),
            ("Œuvrard Jean-Noël <jn@x.fr>", "Œuvrard Jean-Noël"),
        ];
        for (cell, name) in typed {
            let mailbox = parse_one(cell).expect("valid");
            assert_eq!(mailbox.name.as_deref(), Some(name), "{cell}");
            let message = lettre::Message::builder()
                .from("ien@x.fr".parse().expect("address"))
                .to(mailbox)
                .subject("x")
                .body(String::from("x"))
                .expect("message");
            let bytes = message.formatted();
            let parsed = mail_parser::MessageParser::default()
                .parse(&bytes)
                .expect("parsed");
            let to = parsed.to().and_then(|a| a.first()).expect("To");
            assert_eq!(to.name(), Some(name), "{cell}");
        }
    }

    fn address(text: &str) -> Address {
        text.parse().expect("an address")
    }

    #[test]
    fn a_domain_is_one_whether_written_with_accents_or_in_ascii() {
        for (written, key) in [
            ("X@École.fr", "x@xn--cole-9oa.fr"),
            ("x@xn--cole-9oa.fr", "x@xn--cole-9oa.fr"),
            ("x@XN--COLE-9OA.FR", "x@xn--cole-9oa.fr"),
            ("Élodie@Ac-Lyon.fr", "élodie@ac-lyon.fr"),
            ("J.Dupont@ac-lille.fr", "j.dupont@ac-lille.fr"),
        ] {
            assert_eq!(normalise(&address(written)), key, "{written}");
        }
    }

    #[test]
    fn only_a_domain_beyond_ascii_is_converted() {
        let converted = with_ascii_domain(&address("directeur@école.fr")).expect("valid");
        assert_eq!(
            converted.map(|a| a.to_string()).as_deref(),
            Some("directeur@xn--cole-9oa.fr")
        );
        assert_eq!(
            with_ascii_domain(&address("élodie@ac-lyon.fr")).expect("valid"),
            None
        );
        assert!(has_utf8_local_part(&address("élodie@ac-lyon.fr")));
        assert!(!has_utf8_local_part(&address("directeur@école.fr")));
        // `--to` takes the address as it goes out.
        assert_eq!(
            parse_address("Moi <moi@lycée.fr>")
                .expect("valid")
                .to_string(),
            "moi@xn--lyce-dpa.fr"
        );
    }

    #[test]
    fn a_domain_with_accents_and_no_ascii_form_is_named_with_the_fix() {
        for (wrong, domain) in [
            ("directeur@éc ole.fr", "éc ole.fr"),
            ("directeur@école..fr", "école..fr"),
        ] {
            let error = parse_one(wrong).expect_err(wrong);
            assert_eq!(error, AddressError::Domain(wrong.to_string()));
            assert_eq!(error.text(), wrong);
            assert_eq!(
                error.to_string(),
                format!(
                    "`{wrong}`: `{domain}` is not a valid domain name (accents are allowed, but not spaces, nor signs other than `-` between the dots); correct the address"
                )
            );
        }
        // lettre takes this one; its ASCII form (without SMTPUTF8) cannot have a `_`.
        assert_eq!(
            with_ascii_domain(&address("d@é_cole.fr")),
            Err(AddressError::Domain("d@é_cole.fr".into()))
        );
        // A plain address that is wrong keeps its message.
        assert!(matches!(
            parse_one("directeur@ecole..fr"),
            Err(AddressError::Invalid(_))
        ));
    }

    #[test]
    fn address_errors_quote_the_value_in_french() {
        use crate::i18n::{Lang, in_lang};
        let error = parse_list("Jean Dupont").expect_err("no address");
        assert_eq!(
            in_lang(Lang::Fr, || error.to_string()),
            "«\u{a0}Jean Dupont\u{a0}» n'est pas une adresse électronique\u{202f}; écrivez-la sous \
             la forme `nom@domaine.fr` ou `Nom <nom@domaine.fr>`"
        );
        assert_eq!(
            error.to_string(),
            "`Jean Dupont` is not an email address; write it as `name@domain.fr` or `Name <name@domain.fr>`"
        );
        let unclosed = parse_list("Jean <j@x.fr").expect_err("unclosed");
        assert!(
            in_lang(Lang::Fr, || unclosed.to_string()).ends_with("ajoutez le `>` après l'adresse")
        );
    }
}
