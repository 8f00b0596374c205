//! The attachments of the messages, recognised without decoding them again.
//!
//! Every message carries the same encoded infographic; decoding it back from each of 100,000
//! messages took 40% of a preview. A message holds each attached file as a run of bytes it
//! shares with the others, encoded once ([`MessageBytes`]): the preview reads the message
//! with that run swapped for a short marker, which the page then shows as the file written
//! once in `files/`. A file is swapped only when it is, on the disk still, the file that
//! encodes byte for byte as the run, so what the page shows is what the message holds.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use lettre::message::Body;

use crate::compose::{EncodedFile, MessageBytes, Run, Shared};

/// A known file: where the preview keeps it.
#[derive(Debug)]
pub(super) struct Known {
    /// Relative to the preview folder.
    pub path: String,
    pub size: u64,
}

#[derive(Debug, Default)]
pub(super) struct KnownFiles {
    files: Vec<Known>,
    /// Each file met, by its path: its index in `files`, or `None` when it is not swapped
    /// (too small to be worth it, or no longer on the disk as encoded).
    met: HashMap<PathBuf, Option<usize>>,
    /// Makes a marker impossible to meet in a real attachment.
    nonce: String,
}

/// The bytes each message saves by having `files` (the campaign's attachments) kept apart:
/// those of the files worth the swap, encoded.
pub(super) fn swapped_size(files: &[Arc<EncodedFile>]) -> u64 {
    files
        .iter()
        .map(|file| file.body.as_ref().len())
        .filter(|&len| len >= WORTH_IT)
        .map(|len| len as u64)
        .sum()
}

/// Shorter bodies are not worth the swap.
const WORTH_IT: usize = 4096;
/// Room enough for a marker.
const MARKER_ROOM: usize = 96;

impl KnownFiles {
    /// Knows `files` (the campaign's attachments) from the start; `store` writes a file's
    /// bytes into the preview and says where.
    pub(super) fn new(
        files: &[Arc<EncodedFile>],
        mut store: impl FnMut(&str, &[u8]) -> std::io::Result<String>,
    ) -> std::io::Result<Self> {
        let nonce = crate::compose::hex(
            &std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos()
                .to_le_bytes(),
        );
        let mut known = Self {
            files: Vec::new(),
            met: HashMap::new(),
            nonce: format!("{nonce}{}", std::process::id()),
        };
        for file in files {
            known.learn(file, &mut store)?;
        }
        Ok(known)
    }

    /// The message in one piece, every file it holds that is worth it swapped for a marker;
    /// a file met for the first time is written with `store`.
    pub(super) fn swap<'a>(
        &mut self,
        message: &'a MessageBytes,
        mut store: impl FnMut(&str, &[u8]) -> std::io::Result<String>,
    ) -> std::io::Result<Cow<'a, [u8]>> {
        // The size of the message swapped, and whether anything is.
        let (mut size, mut any) = (0, false);
        for run in message.runs() {
            if let Run::Shared(Shared::File(file)) = run
                && self.learn(file, &mut store)?.is_some()
            {
                any = true;
                size += MARKER_ROOM;
            } else {
                size += run.bytes().len();
            }
        }
        if !any {
            return Ok(message.contiguous());
        }
        let mut swapped = Vec::with_capacity(size);
        for run in message.runs() {
            match self.index(&run) {
                Some(index) => swapped.extend_from_slice(self.marker(index).as_bytes()),
                None => swapped.extend_from_slice(run.bytes()),
            }
        }
        Ok(Cow::Owned(swapped))
    }

    /// The message as [`super::source`] keeps it: every known file it holds replaced by a
    /// marker naming the file in the preview. Call after [`KnownFiles::swap`], which learns
    /// the message's files.
    pub(super) fn source(&self, message: &MessageBytes) -> Vec<u8> {
        let mut source = Vec::with_capacity(message.len());
        for run in message.runs() {
            match self.index(&run) {
                Some(index) => super::source::mark(&mut source, &self.files[index].path),
                None => source.extend_from_slice(run.bytes()),
            }
        }
        source
    }

    /// The index among the known files of the file `run` is, when it is one.
    fn index(&self, run: &Run<'_>) -> Option<usize> {
        match run {
            Run::Shared(Shared::File(file)) => self.met.get(&file.path).copied().flatten(),
            _ => None,
        }
    }

    /// The index of `file` among the known files, learning it the first time; `None` when it
    /// is not swapped.
    fn learn(
        &mut self,
        file: &EncodedFile,
        store: &mut impl FnMut(&str, &[u8]) -> std::io::Result<String>,
    ) -> std::io::Result<Option<usize>> {
        if let Some(met) = self.met.get(&file.path) {
            return Ok(*met);
        }
        let encoded: &[u8] = file.body.as_ref();
        // The file as it is now, known only if it encodes exactly as the messages carry it.
        let bytes = (encoded.len() >= WORTH_IT)
            .then(|| std::fs::read(&file.path).ok())
            .flatten()
            .filter(|bytes| Body::new(bytes.clone()).as_ref() == encoded);
        let index = match bytes {
            Some(bytes) => {
                self.files.push(Known {
                    path: store(&file.file_name, &bytes)?,
                    size: bytes.len() as u64,
                });
                Some(self.files.len() - 1)
            }
            None => None,
        };
        self.met.insert(file.path.clone(), index);
        Ok(index)
    }

    /// The known file a decoded body stands for, when it is a marker.
    pub(super) fn recognise(&self, decoded: &[u8]) -> Option<&Known> {
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

    /// A file of `size` bytes on the disk, encoded as a message carries it.
    fn encoded_file(dir: &std::path::Path, size: usize) -> Arc<EncodedFile> {
        let bytes: Vec<u8> = (0..size)
            .map(|i| u8::try_from(i * 7 % 251).unwrap_or(0))
            .collect();
        let path = dir.join("infographie.png");
        std::fs::write(&path, &bytes).expect("file written");
        Arc::new(EncodedFile {
            path,
            file_name: "infographie.png".into(),
            content_type: lettre::message::header::ContentType::parse("image/png").expect("a type"),
            body: Body::new(bytes),
            size: size as u64,
            sha256: std::sync::OnceLock::new(),
        })
    }

    /// A message holding `file` as a part, between two runs of its own.
    fn message_with(file: &Arc<EncodedFile>) -> MessageBytes {
        let mut message = MessageBytes::from(
            b"Subject: x\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\n".to_vec(),
        );
        message.push_shared(Shared::File(Arc::clone(file)));
        message.extend_from_slice(b"\r\n--b--\r\n");
        message
    }

    #[test]
    fn a_file_a_message_holds_is_swapped_for_a_marker_and_written_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = encoded_file(dir.path(), 10_000);
        let mut stored = Vec::new();
        let mut known = KnownFiles::new(&[], |name, bytes| {
            stored.push((name.to_string(), bytes.len()));
            Ok(format!("files/{name}"))
        })
        .expect("known files");
        assert!(stored.is_empty());
        let message = message_with(&file);
        for _ in 0..3 {
            let swapped = known
                .swap(&message, |name, bytes| {
                    stored.push((name.to_string(), bytes.len()));
                    Ok(format!("files/{name}"))
                })
                .expect("swapped");
            let text = String::from_utf8_lossy(&swapped).into_owned();
            let marker = known.marker(0);
            assert_eq!(
                text,
                format!(
                    "Subject: x\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\n{marker}\r\n--b--\r\n"
                )
            );
        }
        assert_eq!(
            stored,
            [("infographie.png".to_string(), 10_000)],
            "written once"
        );
        let decoded = format!("missive-known-file:{}:0", known.nonce);
        let recognised = known.recognise(decoded.as_bytes()).expect("a marker");
        assert_eq!(
            (recognised.path.as_str(), recognised.size),
            ("files/infographie.png", 10_000)
        );
        assert!(known.recognise(b"missive-known-file:other:0").is_none());
    }

    #[test]
    fn a_file_changed_on_the_disk_or_small_stays_in_the_message() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = encoded_file(dir.path(), 10_000);
        std::fs::write(&file.path, b"another file").expect("file changed");
        let small_dir = tempfile::tempdir().expect("temp dir");
        let small = encoded_file(small_dir.path(), 100);
        let mut known = KnownFiles::default();
        for file in [&file, &small] {
            let message = message_with(file);
            let swapped = known
                .swap(&message, |_, _| panic!("nothing is written"))
                .expect("read");
            assert_eq!(swapped.as_ref(), message.to_vec().as_slice());
        }
    }
}
