//! The campaign's own attachments, recognised in a message without decoding them again.
//!
//! Every message carries the same encoded infographic; decoding it back from each of 100,000
//! messages took 40% of a preview. Its encoded form is known before the first message (the
//! composer encodes it once), so each message is read with that body swapped for a short
//! marker, which the page then shows as the file written once in `files/`. A body is swapped
//! only when it is byte for byte the known encoding, so what the page shows is still what the
//! message holds.

use std::borrow::Cow;

use lettre::message::Body;

use crate::compose::EncodedFile;

/// A known file: its encoded body, and where the preview keeps it.
#[derive(Debug)]
pub struct Known {
    encoded: Vec<u8>,
    /// Relative to the preview folder.
    pub path: String,
    pub size: u64,
}

#[derive(Debug, Default)]
pub struct KnownFiles {
    files: Vec<Known>,
    /// Makes a marker impossible to meet in a real attachment.
    nonce: String,
}

/// Shorter bodies are not worth the search.
const WORTH_IT: usize = 4096;

impl KnownFiles {
    /// `store` writes a file's bytes into the preview and says where.
    pub fn new(
        files: &[std::sync::Arc<EncodedFile>],
        mut store: impl FnMut(&str, &[u8]) -> std::io::Result<String>,
    ) -> std::io::Result<Self> {
        let mut known = Vec::new();
        for file in files {
            let encoded: &[u8] = file.body.as_ref();
            if encoded.len() < WORTH_IT {
                continue;
            }
            // The file as it is now, kept only if it encodes exactly as the messages carry it.
            let Ok(bytes) = std::fs::read(&file.path) else {
                continue;
            };
            if Body::new(bytes.clone()).as_ref() != encoded {
                continue;
            }
            known.push(Known {
                encoded: encoded.to_vec(),
                path: store(&file.file_name, &bytes)?,
                size: bytes.len() as u64,
            });
        }
        let nonce = crate::compose::hex(
            &std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos()
                .to_le_bytes(),
        );
        Ok(Self {
            files: known,
            nonce: format!("{nonce}{}", std::process::id()),
        })
    }

    /// The message with every known body that starts a MIME part body replaced by a marker.
    pub fn swap<'a>(&self, raw: &'a [u8]) -> Cow<'a, [u8]> {
        let mut out: Cow<'a, [u8]> = Cow::Borrowed(raw);
        for (index, file) in self.files.iter().enumerate() {
            let Some(start) = find_body(&out, &file.encoded) else {
                continue;
            };
            let marker = self.marker(index);
            let mut swapped = Vec::with_capacity(out.len() - file.encoded.len() + marker.len());
            swapped.extend_from_slice(&out[..start]);
            swapped.extend_from_slice(marker.as_bytes());
            swapped.extend_from_slice(&out[start + file.encoded.len()..]);
            out = Cow::Owned(swapped);
        }
        out
    }

    /// The known file a decoded body stands for, when it is a marker.
    pub fn recognise(&self, decoded: &[u8]) -> Option<&Known> {
        let text = std::str::from_utf8(decoded).ok()?;
        let index = text
            .strip_prefix("missive-known-file:")?
            .strip_prefix(self.nonce.as_str())?
            .strip_prefix(':')?
            .parse::<usize>()
            .ok()?;
        self.files.get(index)
    }

    /// A marker, base64-encoded as the body it replaces.
    fn marker(&self, index: usize) -> String {
        base64(format!("missive-known-file:{}:{index}", self.nonce).as_bytes())
    }
}

/// Where `body` starts a part's body (right after a blank line) in `raw`.
fn find_body(raw: &[u8], body: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = raw[from..].windows(4).position(|w| w == b"\r\n\r\n") {
        let start = from + found + 4;
        if raw[start..].starts_with(body) {
            return Some(start);
        }
        from = start;
    }
    None
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_mime_writes_it() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(base64(b"\xff\xfe\x00"), "//4A");
    }

    #[test]
    fn a_known_body_is_swapped_only_where_a_part_body_starts() {
        let known = KnownFiles {
            files: vec![Known {
                encoded: b"QUJD".to_vec(),
                path: "files/x".into(),
                size: 3,
            }],
            nonce: "n".into(),
        };
        let raw = b"Subject: QUJD\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\nQUJD\r\n--b--\r\n";
        let swapped = known.swap(raw);
        let text = String::from_utf8_lossy(&swapped);
        assert!(text.starts_with("Subject: QUJD\r\n"), "{text}");
        let marker = known.marker(0);
        assert!(
            text.contains(&format!("\r\n\r\n{marker}\r\n--b--")),
            "{text}"
        );
        assert_eq!(
            known
                .recognise(b"missive-known-file:n:0")
                .map(|k| k.path.as_str()),
            Some("files/x")
        );
        assert!(known.recognise(b"missive-known-file:other:0").is_none());
    }
}
