//! What makes a message recognisable between runs: its fingerprint without the Date header,
//! and the hexadecimal that identities are written in.

use sha2::{Digest, Sha256};

use super::message_bytes::MessageBytes;

/// The message without its `Date:` header line (the only part that differs between runs).
pub fn without_date(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let header_end = find(bytes, b"\r\n\r\n").unwrap_or(bytes.len());
    let mut start = 0;
    while start < header_end {
        let line_end = find(&bytes[start..], b"\r\n").map_or(bytes.len(), |i| start + i + 2);
        if bytes[start..].starts_with(b"Date: ") {
            let mut rest = line_end;
            // A folded Date header continues on lines that start with white space.
            while rest < header_end && matches!(bytes[rest], b' ' | b'\t') {
                rest = find(&bytes[rest..], b"\r\n").map_or(bytes.len(), |i| rest + i + 2);
            }
            let mut out = Vec::with_capacity(bytes.len());
            out.extend_from_slice(&bytes[..start]);
            out.extend_from_slice(&bytes[rest..]);
            return std::borrow::Cow::Owned(out);
        }
        start = line_end;
    }
    std::borrow::Cow::Borrowed(bytes)
}

/// SHA-256 of `message` without its Date header, in hexadecimal.
pub(super) fn fingerprint(message: &MessageBytes) -> String {
    let mut hasher = Sha256::new();
    let mut chunks = message.chunks();
    match chunks.next() {
        // The usual case: the headers are all in the first run.
        Some(first) if memchr::memmem::find(first, b"\r\n\r\n").is_some() => {
            hasher.update(without_date(first));
            chunks.for_each(|chunk| hasher.update(chunk));
        }
        _ => hasher.update(without_date(&message.contiguous())),
    }
    hex(&hasher.finalize())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::compose::Shared;

    /// `text` cut into an own run, a shared run and an own run, at `first` and `second`.
    fn in_runs(text: &str, first: usize, second: usize) -> MessageBytes {
        let bytes = text.as_bytes();
        let mut message = MessageBytes::from(bytes[..first].to_vec());
        message.push_shared(Shared::Line(Arc::from(&bytes[first..second])));
        message.extend_from_slice(&bytes[second..]);
        message
    }

    #[test]
    fn the_fingerprint_is_the_hash_of_the_whole_without_its_date_however_it_is_cut() {
        let monday =
            "Subject: x\r\nDate: Mon, 26 Apr 2021 08:00:00 +0200\r\nTo: a@b.fr\r\n\r\nBonjour.\r\n";
        let tuesday = monday.replace("Mon, 26", "Tue, 27");
        let expected = hex(&Sha256::digest(without_date(monday.as_bytes())));
        for first in 0..monday.len() {
            for second in [first, (first + 7).min(monday.len()), monday.len()] {
                assert_eq!(fingerprint(&in_runs(monday, first, second)), expected);
                assert_eq!(fingerprint(&in_runs(&tuesday, first, second)), expected);
            }
        }
        let other = monday.replace("Bonjour", "Bonsoir");
        assert_ne!(fingerprint(&in_runs(&other, 20, 40)), expected);
    }
}
