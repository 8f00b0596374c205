//! Folder names as IMAP carries them: modified UTF-7 (RFC 3501 §5.1.3). Printable ASCII
//! stands for itself, `&` is written `&-`, and anything else goes as UTF-16 in base64 (with
//! `,` for `/`, no padding) between `&` and `-`: "Éléments envoyés" is
//! `&AMk-l&AOk-ments envoy&AOk-s` on the wire. People see the decoded name; the server gets
//! the encoded one.
//!
//! No maintained crate does this: `utf7-imap` (last released in 2022) never fails on a
//! malformed name and treats DEL as printable; the base64 crate has the alphabet.

use base64::Engine as _;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, GeneralPurpose as Engine};

/// base64 with `+` and `,`, without padding, refusing stray bits.
const MODIFIED_BASE64: Engine = GeneralPurpose::new(
    &base64::alphabet::IMAP_MUTF7,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// A folder name as the server is to be given it.
pub(super) fn encode(name: &str) -> String {
    let mut wire = String::with_capacity(name.len());
    let mut pending: Vec<u16> = Vec::new();
    for character in name.chars() {
        if character == '&' {
            flush(&mut wire, &mut pending);
            wire.push_str("&-");
        } else if (' '..='~').contains(&character) {
            flush(&mut wire, &mut pending);
            wire.push(character);
        } else {
            let mut units = [0; 2];
            pending.extend_from_slice(character.encode_utf16(&mut units));
        }
    }
    flush(&mut wire, &mut pending);
    wire
}

/// Writes the characters waiting to be encoded, as `&BASE64-`.
fn flush(wire: &mut String, pending: &mut Vec<u16>) {
    if pending.is_empty() {
        return;
    }
    let bytes: Vec<u8> = pending.iter().flat_map(|unit| unit.to_be_bytes()).collect();
    wire.push('&');
    wire.push_str(&MODIFIED_BASE64.encode(bytes));
    wire.push('-');
    pending.clear();
}

/// A folder name as the server gave it, decoded; `None` when it is not modified UTF-7 (a
/// server that sends UTF-8, or a broken name): the caller then shows it as it came.
pub(super) fn decode(wire: &str) -> Option<String> {
    let mut name = String::with_capacity(wire.len());
    let mut rest = wire;
    while let Some(start) = rest.find('&') {
        let direct = &rest[..start];
        if !direct.chars().all(|c| (' '..='~').contains(&c)) {
            return None;
        }
        name.push_str(direct);
        let after = &rest[start + 1..];
        let end = after.find('-')?;
        let encoded = &after[..end];
        if encoded.is_empty() {
            name.push('&');
        } else {
            let bytes = MODIFIED_BASE64.decode(encoded).ok()?;
            if bytes.len() % 2 != 0 {
                return None;
            }
            let units = bytes
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
            for character in char::decode_utf16(units) {
                let character = character.ok()?;
                // What could stand for itself must: another spelling of a name is no name.
                if (' '..='~').contains(&character) {
                    return None;
                }
                name.push(character);
            }
        }
        rest = &after[end + 1..];
    }
    if !rest.chars().all(|c| (' '..='~').contains(&c)) {
        return None;
    }
    name.push_str(rest);
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names as Dovecot, Thunderbird and Outlook write them.
    const PAIRS: [(&str, &str); 7] = [
        ("Sent", "Sent"),
        ("Éléments envoyés", "&AMk-l&AOk-ments envoy&AOk-s"),
        ("Messages envoyés", "Messages envoy&AOk-s"),
        ("Envoyés", "Envoy&AOk-s"),
        ("R&D", "R&-D"),
        ("Отправленные", "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"),
        ("台北 ~ 日本語", "&U,BTFw- ~ &ZeVnLIqe-"),
    ];

    #[test]
    fn encodes_and_decodes_the_names_clients_write() {
        for (name, wire) in PAIRS {
            assert_eq!(encode(name), wire, "{name}");
            assert_eq!(decode(wire).as_deref(), Some(name), "{wire}");
        }
    }

    #[test]
    fn characters_beyond_the_basic_plane_go_as_surrogate_pairs() {
        let name = "Archives 📁";
        let wire = encode(name);
        assert_eq!(wire, "Archives &2D3cwQ-");
        assert_eq!(decode(&wire).as_deref(), Some(name));
    }

    #[test]
    fn a_control_character_or_del_is_encoded_not_sent_raw() {
        assert_eq!(encode("a\u{7f}b"), "a&AH8-b");
        assert_eq!(decode("a&AH8-b").as_deref(), Some("a\u{7f}b"));
    }

    #[test]
    fn what_is_not_modified_utf7_is_refused() {
        for wire in [
            "Envoy&AOk",        // never closed
            "Envoy&AO!-s",      // not base64
            "Envoy&AOkA-s",     // bits left over
            "Envoy&AOkAQQ-s",   // "A" encoded, which stands for itself
            "Envoy&2D0-s",      // half a surrogate pair
            "Envoyés",          // raw UTF-8, as some servers send
            "Envoy&AOk-s\u{1}", // a control character sent raw
        ] {
            assert_eq!(decode(wire), None, "{wire}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_name_comes_back_as_it_was(name in "\\PC{0,40}") {
            let wire = encode(&name);
            proptest::prop_assert!(wire.chars().all(|c| (' '..='~').contains(&c)), "{}", wire);
            proptest::prop_assert_eq!(decode(&wire), Some(name));
        }
    }
}
