//! Delivery status notifications asked of the relay (RFC 3461): the envelope id travels
//! as xtext.

use std::fmt::Write as _;

/// `text` as xtext (RFC 3461 §4): `+` and `=`, and what is not printable ASCII, as `+XX`.
pub(super) fn xtext(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if (33..=126).contains(&byte) && byte != b'+' && byte != b'=' {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "+{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::xtext;
    use crate::deliver::connection::Extensions;

    #[test]
    fn an_envelope_id_is_xtext_and_dsn_is_read_from_ehlo() {
        assert_eq!(
            xtext("a1b2.missive@ac-lille.example"),
            "a1b2.missive@ac-lille.example"
        );
        assert_eq!(xtext("a+b=c d\u{e9}"), "a+2Bb+3Dc+20d+C3+A9");
        let offered = Extensions::read(
            [
                "relay.ac-lille.example",
                "PIPELINING",
                "SIZE 10240000",
                "dsn",
            ]
            .into_iter(),
        );
        assert!(offered.dsn && offered.pipelining);
        assert!(!Extensions::read(["relay", "SMTPUTF8"].into_iter()).dsn);
    }
}
