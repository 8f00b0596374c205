//! Lines encoded once per thread, not once per message.
//!
//! Most of a merged message is the template's fixed text: the same paragraphs, in every
//! message, to encode again. Quoted-printable encodes each line of a text on its own (a hard
//! line break resets everything), so the encoding of a line seen before can be copied
//! instead, or better, shared: the messages hold the one encoding ([`MessageBytes`]). A line
//! is kept the second time it is seen, so that the lines personal to one recipient (a name,
//! an address) are not kept at all; the memory a thread keeps is bounded.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use super::message_bytes::{MessageBytes, Shared};

/// Lines shorter than this are encoded again: cheaper than looking them up.
pub(super) const SHORTEST: usize = 48;
/// Bytes of lines and encodings a thread keeps at most; past it, it starts again.
const MOST_BYTES: usize = 1 << 20;
/// Lines seen once that a thread remembers at most (by hash: 8 bytes each).
const MOST_SEEN: usize = 1 << 16;

type Fast = BuildHasherDefault<WordHasher>;

#[derive(Default)]
struct Lines {
    encoded: HashMap<Box<[u8]>, Arc<[u8]>, Fast>,
    bytes: usize,
    seen: HashSet<u64, Fast>,
}

thread_local! {
    static LINES: RefCell<Lines> = RefCell::default();
}

/// Appends the encoding of `line` to `out`: shared with the earlier messages when this
/// thread encoded the same line before, else `encode(line, …)`. `encode` must depend on the
/// line alone.
pub(super) fn encode_line(line: &[u8], out: &mut MessageBytes, encode: fn(&[u8], &mut Vec<u8>)) {
    if line.len() < SHORTEST {
        out.write_own(|own| encode(line, own));
        return;
    }
    LINES.with_borrow_mut(|lines| {
        if let Some(encoded) = lines.encoded.get(line) {
            out.push_shared(Shared::Line(Arc::clone(encoded)));
            return;
        }
        let encoded = out.write_own(|own| encode(line, own));
        let mut hasher = WordHasher::default();
        hasher.write(line);
        if lines.seen.insert(hasher.finish()) {
            if lines.seen.len() > MOST_SEEN {
                lines.seen.clear();
            }
            return;
        }
        let size = encoded.len();
        lines.bytes += line.len() + size;
        if lines.bytes > MOST_BYTES {
            lines.encoded.clear();
            lines.bytes = line.len() + size;
        }
        let encoded: Arc<[u8]> = Arc::from(encoded);
        lines.encoded.insert(line.into(), Arc::clone(&encoded));
        out.share_last(Shared::Line(encoded));
    });
}

/// A hash of eight bytes at a time: lines are compared whole on a match, so it only needs
/// to spread them, and it costs far less than encoding them again.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in chunks.by_ref() {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let mut word = [0; 8];
        word[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.mix(u64::from_le_bytes(word) ^ bytes.len() as u64);
    }

    fn write_u64(&mut self, value: u64) {
        self.mix(value);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl WordHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tagged(line: &[u8], out: &mut Vec<u8>) {
        out.extend_from_slice(b"<");
        out.extend_from_slice(line);
        out.extend_from_slice(b">");
    }

    fn kept() -> usize {
        LINES.with_borrow(|lines| lines.encoded.len())
    }

    #[test]
    fn a_line_is_kept_the_second_time_and_copied_after() {
        let line = "Créez vos comptes à l'avance et partagez les liens directs.".as_bytes();
        let short = b"Bonjour Marie,";
        let mut out = MessageBytes::default();
        let before = kept();
        encode_line(line, &mut out, tagged);
        encode_line(short, &mut out, tagged);
        encode_line(short, &mut out, tagged);
        assert_eq!(kept(), before, "seen once, or too short: not kept");
        encode_line(line, &mut out, tagged);
        assert_eq!(kept(), before + 1);
        // Shared: an encoder that would write something else is not called.
        encode_line(line, &mut out, |_, out| out.extend_from_slice(b"again"));
        let expected = [
            b"<".as_slice(),
            line,
            b"><Bonjour Marie,><Bonjour Marie,><",
            line,
            b"><",
            line,
            b">",
        ]
        .concat();
        assert_eq!(out.to_vec(), expected);
        // The line is shared from its second time on: only the first is copied.
        assert_eq!(out.own_and_shared(), (line.len() + 2 + 32, 2));
    }

    #[test]
    fn the_memory_kept_stays_bounded() {
        for index in 0..20_000 {
            let mut out = MessageBytes::default();
            let line = format!("{index:>60}");
            encode_line(line.as_bytes(), &mut out, tagged);
            encode_line(line.as_bytes(), &mut out, tagged);
        }
        LINES.with_borrow(|lines| {
            assert!(lines.bytes <= MOST_BYTES, "{} bytes kept", lines.bytes);
            assert!(lines.seen.len() <= MOST_SEEN);
            let counted: usize = lines.encoded.iter().map(|(k, v)| k.len() + v.len()).sum();
            assert_eq!(counted, lines.bytes);
        });
    }
}
