//! What makes a message recognisable between runs: its fingerprint without the Date header,
//! and the hexadecimal that identities are written in.

use sha2::{Digest, Sha256};

use super::message_bytes::{MessageBytes, Run, Shared};

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

/// SHA-256 of `message` without its Date header, in hexadecimal, each attached file taken as
/// its own SHA-256 between two markers (see `file_marker`): a file's hash is worked out once
/// per run, not once per message that carries it (with the 200 KB infographic that was most
/// of a preview's time). A message without files hashes as its bytes do.
///
/// A composed message holds its Date line as a run of its own ([`Shared::Date`]), left out
/// as it is; in bytes from elsewhere, the Date line is found and cut.
pub(super) fn fingerprint(message: &MessageBytes) -> String {
    let mut hasher = Sha256::new();
    if message
        .runs()
        .any(|run| matches!(run, Run::Shared(Shared::Date(_))))
    {
        for run in message.runs() {
            if !matches!(run, Run::Shared(Shared::Date(_))) {
                feed(&run, |bytes| hasher.update(bytes));
            }
        }
        return hex(&hasher.finalize());
    }
    let mut runs = message.runs().filter(|run| !run.bytes().is_empty());
    match runs.next() {
        // The usual case: the headers are all in the first run, which is not a file.
        Some(first @ (Run::Own(_) | Run::Shared(Shared::Line(_))))
            if memchr::memmem::find(first.bytes(), b"\r\n\r\n").is_some() =>
        {
            hasher.update(without_date(first.bytes()));
            runs.for_each(|run| feed(&run, |bytes| hasher.update(bytes)));
        }
        _ => {
            let mut whole = Vec::with_capacity(message.len());
            for run in message.runs() {
                feed(&run, |bytes| whole.extend_from_slice(bytes));
            }
            hasher.update(without_date(&whole));
        }
    }
    hex(&hasher.finalize())
}

/// What the fingerprint takes for a run: its bytes, or for a file its marker.
fn feed(run: &Run<'_>, mut update: impl FnMut(&[u8])) {
    match run {
        Run::Shared(Shared::File(file)) => {
            let (open, close) = FILE_MARKER;
            update(open);
            update(file.sha256());
            update(close);
        }
        _ => update(run.bytes()),
    }
}

/// What stands for an attached file in the bytes a fingerprint hashes: these two around the
/// SHA-256 of its encoded body. A composed message never holds a NUL byte, so no message's
/// own bytes can pass for a file.
const FILE_MARKER: (&[u8], &[u8]) = (b"\0file sha256 ", b"\0");

/// The marker [`fingerprint`] hashes in place of a file whose encoded body has `sha256`.
#[cfg(test)]
pub(super) fn file_marker(sha256: &[u8; 32]) -> Vec<u8> {
    let (open, close) = FILE_MARKER;
    [open, sha256.as_slice(), close].concat()
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

    #[test]
    fn a_date_run_is_left_out_as_the_date_line_is() {
        let monday = "From: a@b.fr\r\nDate: Mon, 26 Apr 2021 08:00:00 +0000\r\nTo: a@b.fr\r\n\r\nBonjour.\r\n";
        let expected = hex(&Sha256::digest(without_date(monday.as_bytes())));
        let with_date_run = |date: &str| {
            let mut message = MessageBytes::from(b"From: a@b.fr\r\n".to_vec());
            message.push_shared(Shared::Date(Arc::from(date.as_bytes())));
            message.extend_from_slice(b"To: a@b.fr\r\n\r\nBonjour.\r\n");
            message
        };
        let composed = with_date_run("Date: Mon, 26 Apr 2021 08:00:00 +0000\r\n");
        assert_eq!(composed.to_vec(), monday.as_bytes());
        assert_eq!(fingerprint(&composed), expected);
        let later = with_date_run("Date: Tue, 27 Apr 2021 19:30:00 +0000\r\n");
        assert_eq!(fingerprint(&later), expected);
    }

    fn file(bytes: &[u8]) -> Arc<crate::compose::EncodedFile> {
        Arc::new(crate::compose::EncodedFile {
            path: "infographie.png".into(),
            file_name: "infographie.png".into(),
            content_type: lettre::message::header::ContentType::parse("image/png").expect("a type"),
            body: lettre::message::Body::new(bytes.to_vec()),
            size: bytes.len() as u64,
            sha256: std::sync::OnceLock::new(),
        })
    }

    fn with_file(file: &Arc<crate::compose::EncodedFile>) -> MessageBytes {
        let mut message = MessageBytes::from(b"Subject: x\r\n\r\n--b\r\n".to_vec());
        message.push_shared(Shared::File(Arc::clone(file)));
        message.extend_from_slice(b"\r\n--b--\r\n");
        message
    }

    #[test]
    fn a_file_is_hashed_once_and_counts_by_its_bytes() {
        let infographic = file(&[0x89, b'P', b'N', b'G', 1, 2, 3]);
        let first = fingerprint(&with_file(&infographic));
        assert!(
            infographic.sha256.get().is_some(),
            "kept for the next message"
        );
        assert_eq!(fingerprint(&with_file(&infographic)), first);
        // The same bytes read again: the same fingerprint.
        assert_eq!(
            fingerprint(&with_file(&file(&[0x89, b'P', b'N', b'G', 1, 2, 3]))),
            first
        );
        assert_ne!(
            fingerprint(&with_file(&file(&[0x89, b'P', b'N', b'G', 1, 2, 4]))),
            first
        );
        let mut whole = b"Subject: x\r\n\r\n--b\r\n".to_vec();
        whole.extend(file_marker(infographic.sha256()));
        whole.extend_from_slice(b"\r\n--b--\r\n");
        assert_eq!(first, hex(&Sha256::digest(&whole)));
        // Cut anywhere, the headers not in the first run: the same.
        let mut cut = MessageBytes::from(b"Subject".to_vec());
        cut.push_shared(Shared::Line(Arc::from(b": x\r\n\r\n--b\r\n".as_slice())));
        cut.push_shared(Shared::File(Arc::clone(&infographic)));
        cut.extend_from_slice(b"\r\n--b--\r\n");
        assert_eq!(fingerprint(&cut), first);
    }
}
