//! What makes a message recognisable between runs: its fingerprint without the Date header,
//! and the hexadecimal that identities are written in.

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
