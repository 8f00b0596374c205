//! Quoted-printable (RFC 2045, 6.7) for the text and HTML parts, written for speed: the
//! generic encoder lettre uses walks the text character by character and took about half of
//! missive's CPU per message. Lines of plain ASCII are copied as they are.

/// Longest encoded line, the soft-break `=` included (RFC 2045: 76).
const MAX_LINE: usize = 76;

/// Encodes `text` with CRLF line ends. Every line break of the text (LF or CRLF) becomes a
/// hard CRLF; a lone CR is encoded, so it cannot end a line by accident.
pub fn encode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 16 + 8);
    let mut lines = bytes.split(|b| *b == b'\n').peekable();
    while let Some(line) = lines.next() {
        let is_last = lines.peek().is_none();
        let line = match line.strip_suffix(b"\r") {
            Some(stripped) if !is_last => stripped,
            _ => line,
        };
        encode_line(line, &mut out);
        if !is_last {
            out.extend_from_slice(b"\r\n");
        }
    }
    out
}

fn encode_line(line: &[u8], out: &mut Vec<u8>) {
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
        // Room for this character and, unless the line ends here, a soft break after it.
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

const HEX: &[u8; 16] = b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    use super::*;

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
}
