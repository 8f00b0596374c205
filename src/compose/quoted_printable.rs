//! Quoted-printable (RFC 2045, 6.7) for the text and HTML parts, written for speed: the
//! generic encoder lettre uses walks the text character by character and took about half of
//! missive's CPU per message. Runs of plain ASCII are copied as they are, and a line met
//! before on this thread (the template's fixed text) is not encoded again.

use super::line_cache;
use super::message_bytes::MessageBytes;

/// Longest encoded line, the soft-break `=` included (RFC 2045: 76).
const MAX_LINE: usize = 76;

/// Encodes `text` with CRLF line ends. Every line break of the text (LF or CRLF) becomes a
/// hard CRLF; a lone CR is encoded, so it cannot end a line by accident.
pub(super) fn encode(text: impl AsRef<[u8]>) -> MessageBytes {
    let bytes = text.as_ref();
    // Room for an accent every 15 bytes and the soft breaks: French text rarely needs more.
    // Lines this thread encoded before are shared, not copied: most lines, once warm.
    let mut out = MessageBytes::with_capacity(bytes.len() / 4 + 8, bytes.len() / 256 + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes) {
        let line = &bytes[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        line_cache::encode_line(line, &mut out, encode_line);
        out.extend_from_slice(b"\r\n");
        start = end + 1;
    }
    // The last line, without a line break: a CR ending it is encoded.
    line_cache::encode_line(&bytes[start..], &mut out, encode_line);
    out
}

fn encode_line(line: &[u8], out: &mut Vec<u8>) {
    let Some(last) = line.len().checked_sub(1) else {
        return;
    };
    let mut width = 0;
    let mut index = 0;
    while index < last {
        let byte = line[index];
        if !PLAIN[usize::from(byte)] {
            // Room for the escape and, the line going on, a soft break after it.
            if width + 3 > MAX_LINE - 1 {
                out.extend_from_slice(b"=\r\n");
                width = 0;
            }
            out.extend_from_slice(&escape(byte));
            width += 3;
            index += 1;
            continue;
        }
        // A run of bytes written as they are, copied whole up to each soft break: most of a
        // French text is, even where every word has an accent.
        let run = index + plain_prefix(&line[index..last]);
        while index < run {
            // Room for a soft break after the run's last byte, the line going on.
            let room = (MAX_LINE - 1).saturating_sub(width);
            if room == 0 {
                out.extend_from_slice(b"=\r\n");
                width = 0;
                continue;
            }
            let take = room.min(run - index);
            out.extend_from_slice(&line[index..index + take]);
            width += take;
            index += take;
        }
    }
    encode_last(line[last], width, out);
}

/// How many bytes at the start of `bytes` are [`PLAIN`]: eight at a time while all eight are
/// printable, then a byte at a time through the eight that are not (a tab is plain too).
fn plain_prefix(bytes: &[u8]) -> usize {
    let mut at = 0;
    loop {
        while let Some(word) = bytes
            .get(at..at + 8)
            .and_then(|chunk| <[u8; 8]>::try_from(chunk).ok())
        {
            if !printable(u64::from_le_bytes(word)) {
                break;
            }
            at += 8;
        }
        let end = (at + 8).min(bytes.len());
        match bytes[at..end]
            .iter()
            .position(|&byte| !PLAIN[usize::from(byte)])
        {
            Some(offset) => return at + offset,
            None if end == bytes.len() => return end,
            None => at = end,
        }
    }
}

/// Whether the eight bytes of `word` are all printable ASCII (space to `~`) but `=`. Each
/// test finds whether some byte is below a bound (the borrow of a subtraction reaching its
/// high bit), which is exact for the question "is there one".
fn printable(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = ONES * 0x80;
    let below = |word: u64, bound: u64| word.wrapping_sub(ONES * bound) & !word & HIGHS != 0;
    word & HIGHS == 0
        && !below(word, 0x20)
        && !below(word ^ (ONES * u64::from(b'=')), 1)
        && !below(word ^ (ONES * 0x7f), 1)
}

/// `=XX`, the escape of `byte`.
fn escape(byte: u8) -> [u8; 3] {
    [
        b'=',
        HEX[usize::from(byte >> 4)],
        HEX[usize::from(byte & 0x0f)],
    ]
}

/// The last byte of a line, escaped unless it may stand for itself (white space may not end
/// a line: a reader would drop it).
fn encode_last(byte: u8, width: usize, out: &mut Vec<u8>) {
    let literal = PLAIN[usize::from(byte)] && !matches!(byte, b' ' | b'\t');
    let needed = if literal { 1 } else { 3 };
    if width + needed > MAX_LINE {
        out.extend_from_slice(b"=\r\n");
    }
    if literal {
        out.push(byte);
    } else {
        out.extend_from_slice(&escape(byte));
    }
}

/// The bytes written as they are inside a line: printable ASCII but `=`, and white space.
const PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut byte: u8 = 0;
    loop {
        plain[byte as usize] = matches!(byte, b' ' | b'\t' | 33..=60 | 62..=126);
        if byte == u8::MAX {
            break plain;
        }
        byte += 1;
    }
};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    use super::*;

    /// The encoding in one piece, shared lines and all.
    fn encode(text: impl AsRef<[u8]>) -> Vec<u8> {
        super::encode(text).to_vec()
    }

    /// Decodes quoted-printable as a reader would, to prove the encoding is faithful.
    fn decode(encoded: &[u8]) -> String {
        let text = std::str::from_utf8(encoded).expect("quoted-printable is ASCII");
        let mut bytes = Vec::new();
        for (index, line) in text.split("\r\n").enumerate() {
            assert!(line.len() <= MAX_LINE, "line {index} too long: {line:?}");
            assert!(
                !line.ends_with([' ', '\t']),
                "trailing white space kept: {line:?}"
            );
            let (content, soft) = match line.strip_suffix('=') {
                Some(content) => (content, true),
                None => (line, false),
            };
            let mut chars = content.bytes();
            while let Some(byte) = chars.next() {
                if byte == b'=' {
                    let high = chars.next().expect("escape");
                    let low = chars.next().expect("escape");
                    let hex = [high, low];
                    let hex = std::str::from_utf8(&hex).expect("hex");
                    bytes.push(u8::from_str_radix(hex, 16).expect("hex digits"));
                } else {
                    bytes.push(byte);
                }
            }
            if !soft {
                bytes.extend_from_slice(b"\r\n");
            }
        }
        bytes.truncate(bytes.len() - 2);
        String::from_utf8(bytes).expect("utf-8")
    }

    #[test]
    fn a_text_is_encoded_the_same_the_first_time_and_after() {
        let paragraph =
            "La classe virtuelle ouvre lundi. Créez vos comptes à l'avance = sans attendre.";
        let text = format!(
            "Bonjour Hélène,\r\n\r\n{paragraph}\n{paragraph} \r\n{}\n{paragraph}\n{paragraph}\r",
            "é".repeat(50)
        );
        let lines: Vec<&str> = text.split('\n').collect();
        let mut expected = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            let last = index + 1 == lines.len();
            let line = if last {
                line
            } else {
                line.strip_suffix('\r').unwrap_or(line)
            };
            encode_line_reference(line.as_bytes(), &mut expected);
            if !last {
                expected.extend_from_slice(b"\r\n");
            }
        }
        for _ in 0..3 {
            assert_eq!(
                String::from_utf8_lossy(&encode(&text)),
                String::from_utf8_lossy(&expected)
            );
        }
    }

    #[test]
    fn round_trips_french_text_and_keeps_lines_short() {
        let text = format!(
            "Madame la directrice,\nL’enseignement à distance reprend le 26 avril = lundi.  \n{}\n\tfin\t\n",
            "é".repeat(60)
        );
        let encoded = encode(&text);
        assert_eq!(decode(&encoded), text.replace('\n', "\r\n"));
        assert!(encoded.starts_with(b"Madame la directrice,\r\nL=E2=80=99enseignement =C3=A0"));
    }

    #[test]
    fn plain_ascii_lines_are_copied_and_long_ones_soft_broken() {
        assert_eq!(
            encode("Bonjour\r\nA demain\r\n"),
            b"Bonjour\r\nA demain\r\n"
        );
        let long = "x".repeat(200);
        let encoded = encode(&long);
        assert_eq!(decode(&encoded), long);
        assert!(
            encoded
                .split(|b| *b == b'\n')
                .all(|l| l.len() <= MAX_LINE + 1)
        );
        assert_eq!(encode("a\rb"), b"a=0Db");
        assert_eq!(encode("fin "), b"fin=20");
        assert_eq!(encode(""), b"");
    }

    #[test]
    fn an_escape_is_never_split_by_a_soft_break() {
        for prefix in 70..78 {
            let text = format!("{}é=fin", "a".repeat(prefix));
            assert_eq!(decode(&encode(&text)), text);
        }
    }

    #[test]
    fn a_word_is_printable_exactly_when_each_of_its_bytes_is() {
        for byte in 0..=u8::MAX {
            let alone = (byte.is_ascii_graphic() && byte != b'=') || byte == b' ';
            for position in 0..8 {
                let mut word = *b"abcdefgh";
                word[position] = byte;
                assert_eq!(
                    printable(u64::from_le_bytes(word)),
                    alone,
                    "{byte:#x} at {position}"
                );
                let mut text = b"Bonjour tout le monde, a lundi".to_vec();
                text[position + 9] = byte;
                let expected = text.iter().position(|&b| !PLAIN[usize::from(b)]);
                assert_eq!(plain_prefix(&text), expected.unwrap_or(text.len()));
            }
        }
    }

    /// The encoder as first written, a byte at a time: the fast one must agree with it.
    fn encode_line_reference(line: &[u8], out: &mut Vec<u8>) {
        let mut width = 0;
        for (index, &byte) in line.iter().enumerate() {
            let at_end = index + 1 == line.len();
            let literal = match byte {
                b'=' => false,
                b' ' | b'\t' => !at_end,
                33..=126 => true,
                _ => false,
            };
            let needed = if literal { 1 } else { 3 };
            let room = if at_end { MAX_LINE } else { MAX_LINE - 1 };
            if width + needed > room {
                out.extend_from_slice(b"=\r\n");
                width = 0;
            }
            if literal {
                out.push(byte);
            } else {
                out.push(b'=');
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0x0f)]);
            }
            width += needed;
        }
    }

    #[test]
    fn copying_runs_whole_gives_the_bytes_a_byte_at_a_time_gave() {
        // Lines of every length up to 240 from pieces that straddle the soft breaks.
        let pieces: [&[u8]; 10] = [
            b"a",
            b" ",
            b"\t",
            b"=",
            "é".as_bytes(),
            b"xyz",
            b"\x01",
            b"\x7f",
            b"~<>",
            b"La classe virtuelle ouvre lundi.",
        ];
        let mut seed = 7u64;
        for length in 0..240 {
            for _ in 0..20 {
                let mut line = Vec::new();
                while line.len() < length {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    let piece = pieces[usize::try_from(seed >> 58).unwrap_or(0) % pieces.len()];
                    line.extend_from_slice(piece);
                }
                let (mut fast, mut reference) = (Vec::new(), Vec::new());
                encode_line(&line, &mut fast);
                encode_line_reference(&line, &mut reference);
                assert_eq!(fast, reference, "{:?}", String::from_utf8_lossy(&line));
            }
        }
    }
}
