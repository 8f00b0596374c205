//! Which encoding a text list is written in, decided the way office exports need: a
//! byte-order mark first (UTF-8, UTF-16 LE/BE), then strict UTF-8 over the whole file, then
//! Windows-1252 (Excel's "CSV (séparateur : point-virgule)"), unless `--encoding` says.
//! Never silently: [`Decision`] says what was chosen and why, for `check` to print.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;
use std::str::FromStr;

use super::RecipientError;

/// A text encoding a recipient list may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl TextEncoding {
    /// The encodings `--encoding` accepts, as they are written there, in the run's language.
    pub fn names() -> String {
        t!("recipients-encoding-names")
    }

    /// Reads an `--encoding` value; ISO-8859-1 is read as Windows-1252, its superset (as web
    /// browsers do).
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        match name.as_str() {
            "utf-8" | "utf8" => Some(Self::Utf8),
            "utf-16le" | "utf16le" | "utf-16" | "unicode" => Some(Self::Utf16Le),
            "utf-16be" | "utf16be" => Some(Self::Utf16Be),
            "windows-1252" | "cp1252" | "ansi" | "latin1" | "latin-1" | "iso-8859-1"
            | "iso-8859-15" => Some(Self::Windows1252),
            _ => None,
        }
    }

    /// The name people see, as `--encoding` accepts it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
            Self::Windows1252 => "Windows-1252",
        }
    }

    /// The name as `--encoding` is usually written: `utf-8`, `windows-1252`.
    pub fn flag_name(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Utf16Le => "utf-16le",
            Self::Utf16Be => "utf-16be",
            Self::Windows1252 => "windows-1252",
        }
    }

    fn decoder(self) -> &'static encoding_rs::Encoding {
        match self {
            Self::Utf8 => encoding_rs::UTF_8,
            Self::Utf16Le => encoding_rs::UTF_16LE,
            Self::Utf16Be => encoding_rs::UTF_16BE,
            Self::Windows1252 => encoding_rs::WINDOWS_1252,
        }
    }
}

/// Why an encoding's name is not understood.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", t!("recipients-encoding-unknown", text = .0.as_str(), names = TextEncoding::names()))]
pub struct EncodingError(String);

impl FromStr for TextEncoding {
    type Err = EncodingError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::from_name(text).ok_or_else(|| EncodingError(text.to_string()))
    }
}

impl TryFrom<String> for TextEncoding {
    type Error = EncodingError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The encoding chosen for one file, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decision {
    pub encoding: TextEncoding,
    /// Bytes of byte-order mark to skip.
    pub bom_len: usize,
    reason: Reason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Reason {
    ByteOrderMark,
    Given,
    ValidUtf8,
    /// The first byte that is not UTF-8, and its line.
    NotUtf8 {
        line: u64,
        byte: u8,
    },
    /// UTF-16 without a mark, recognised by a zero byte in every other place.
    ZeroBytes,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.encoding.name();
        f.write_str(&match &self.reason {
            Reason::ByteOrderMark => t!("recipients-encoding-bom", name = name),
            Reason::Given => t!("recipients-encoding-given", name = name),
            Reason::ValidUtf8 => name.to_owned(),
            Reason::NotUtf8 { line, byte } => t!(
                "recipients-encoding-not-utf8",
                name = name,
                byte = format!("{byte:02X}"),
                line = line.to_string(),
            ),
            Reason::ZeroBytes => t!("recipients-encoding-no-bom", name = name),
        })
    }
}

/// The byte-order mark at the start of `head`, if any.
fn bom_of(head: &[u8]) -> Option<(TextEncoding, usize)> {
    if head.starts_with(b"\xEF\xBB\xBF") {
        Some((TextEncoding::Utf8, 3))
    } else if head.starts_with(b"\xFF\xFE") {
        Some((TextEncoding::Utf16Le, 2))
    } else if head.starts_with(b"\xFE\xFF") {
        Some((TextEncoding::Utf16Be, 2))
    } else {
        None
    }
}

/// Decides how to read `path`, whose first bytes are `head`. `whole` reads the whole file
/// from its start, for the strict UTF-8 test (a stray byte can sit on the last line).
pub(super) fn decide(
    path: &Path,
    head: &[u8],
    given: Option<TextEncoding>,
    whole: impl FnOnce() -> io::Result<Box<dyn Read>>,
) -> Result<Decision, RecipientError> {
    refuse_known_binaries(path, head)?;
    let decision = match (bom_of(head), given) {
        (Some((marked, _)), Some(given)) if marked != given => {
            return Err(RecipientError::BomConflict {
                path: path.to_path_buf(),
                marked,
                given,
            });
        }
        (Some((encoding, bom_len)), _) => Decision {
            encoding,
            bom_len,
            reason: Reason::ByteOrderMark,
        },
        (None, Some(encoding)) => Decision {
            encoding,
            bom_len: 0,
            reason: Reason::Given,
        },
        (None, None) => match utf16_by_zero_bytes(head) {
            Some(encoding) => Decision {
                encoding,
                bom_len: 0,
                reason: Reason::ZeroBytes,
            },
            None => detect_without_bom(path, whole)?,
        },
    };
    let is_utf16 = matches!(
        decision.encoding,
        TextEncoding::Utf16Le | TextEncoding::Utf16Be
    );
    if !is_utf16 {
        refuse_binary(path, &head[decision.bom_len..])?;
    }
    Ok(decision)
}

fn detect_without_bom(
    path: &Path,
    whole: impl FnOnce() -> io::Result<Box<dyn Read>>,
) -> Result<Decision, RecipientError> {
    let open_error = |source| RecipientError::Open {
        path: path.to_path_buf(),
        source,
    };
    let scan = scan_utf8(whole().map_err(open_error)?).map_err(open_error)?;
    let reason = match scan.first_invalid {
        None => {
            return Ok(Decision {
                encoding: TextEncoding::Utf8,
                bom_len: 0,
                reason: Reason::ValidUtf8,
            });
        }
        // Real UTF-8 characters, then a byte that is not: two sources pasted together.
        Some((line, byte)) if scan.multibyte > 0 => {
            return Err(RecipientError::MixedEncoding {
                path: path.to_path_buf(),
                line,
                byte,
            });
        }
        Some((line, byte)) => Reason::NotUtf8 { line, byte },
    };
    Ok(Decision {
        encoding: TextEncoding::Windows1252,
        bom_len: 0,
        reason,
    })
}

/// What a pass over the whole file found.
#[derive(Debug, Default, PartialEq, Eq)]
struct Utf8Scan {
    /// Multi-byte characters seen before the first invalid byte.
    multibyte: u64,
    /// The line and value of the first byte that is not UTF-8.
    first_invalid: Option<(u64, u8)>,
}

/// Checks that a stream is UTF-8 in fixed-size chunks, so memory does not grow with it.
fn scan_utf8(mut reader: impl Read) -> io::Result<Utf8Scan> {
    let mut scan = Utf8Scan::default();
    let mut line = 1;
    let mut buffer = vec![0; 64 * 1024];
    let mut carried = 0;
    loop {
        let read = reader.read(&mut buffer[carried..])?;
        let filled = carried + read;
        let at_end = read == 0;
        let (valid, invalid) = match std::str::from_utf8(&buffer[..filled]) {
            Ok(_) => (filled, false),
            Err(e) if e.error_len().is_none() && !at_end => (e.valid_up_to(), false),
            Err(e) => (e.valid_up_to(), true),
        };
        let checked = &buffer[..valid];
        line += bytecount(checked, b'\n');
        scan.multibyte += checked.iter().filter(|b| **b >= 0xC0).count() as u64;
        if invalid {
            scan.first_invalid = Some((line, buffer[valid]));
            return Ok(scan);
        }
        if at_end {
            return Ok(scan);
        }
        buffer.copy_within(valid..filled, 0);
        carried = filled - valid;
    }
}

fn bytecount(bytes: &[u8], wanted: u8) -> u64 {
    // Once per 64 kB chunk, and only while deciding: not worth a crate.
    #[allow(clippy::naive_bytecount)]
    let count = bytes.iter().filter(|b| **b == wanted).count();
    count as u64
}

/// Excel's "Unicode text" always has a mark, but other tools drop it: ASCII-heavy UTF-16
/// has a zero in (nearly) every other byte, which no text in the other encodings has.
fn utf16_by_zero_bytes(head: &[u8]) -> Option<TextEncoding> {
    let sample = &head[..head.len().min(1024) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    if odd * 10 >= pairs * 7 && even == 0 {
        Some(TextEncoding::Utf16Le)
    } else if even * 10 >= pairs * 7 && odd == 0 {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Files people attach by mistake, recognised by their first bytes.
fn refuse_known_binaries(path: &Path, head: &[u8]) -> Result<(), RecipientError> {
    const KNOWN: [(&[u8], &str); 8] = [
        (b"%PDF", "pdf"),
        (b"PK\x03\x04", "zip"),
        (b"\xD0\xCF\x11\xE0", "xls"),
        (b"\x89PNG", "png"),
        (b"\xFF\xD8\xFF", "jpeg"),
        (b"GIF8", "gif"),
        (b"\x1F\x8B", "gzip"),
        (b"{\\rtf", "rtf"),
    ];
    match KNOWN.iter().find(|(magic, _)| head.starts_with(magic)) {
        Some((_, what)) => Err(RecipientError::NotText {
            path: path.to_path_buf(),
            what,
        }),
        None => Ok(()),
    }
}

/// Zero bytes (outside UTF-16) or many control characters in the first kilobyte: not text.
fn refuse_binary(path: &Path, text: &[u8]) -> Result<(), RecipientError> {
    let sample = &text[..text.len().min(1024)];
    let controls = sample
        .iter()
        .filter(|b| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    if sample.contains(&0) || controls * 20 > sample.len() {
        return Err(RecipientError::NotText {
            path: path.to_path_buf(),
            what: "binary",
        });
    }
    Ok(())
}

/// The first bytes decoded (lossily: they serve to sniff the delimiter); a character cut
/// by the end of the sample is dropped.
pub(super) fn decode_head(decision: &Decision, head: &[u8]) -> String {
    let bytes = &head[decision.bom_len..];
    let mut text = decision
        .encoding
        .decoder()
        .decode_without_bom_handling(bytes)
        .0
        .into_owned();
    if text.ends_with('\u{FFFD}') {
        text.pop();
    }
    text
}

/// The file's text as UTF-8, decoded while it is read. UTF-8 passes through untouched, so
/// the CSV reader can name the row of a bad byte when `--encoding utf-8` was forced.
pub(super) fn decoding_reader<R: Read + Send + 'static>(
    decision: &Decision,
    source: R,
) -> Box<dyn Read + Send> {
    match decision.encoding {
        TextEncoding::Utf8 => Box::new(source),
        other => Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(other.decoder()))
                .bom_sniffing(false)
                .build(source),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decided(bytes: &[u8], given: Option<TextEncoding>) -> Result<Decision, RecipientError> {
        let owned = bytes.to_vec();
        decide(Path::new("liste.csv"), bytes, given, move || {
            Ok(Box::new(io::Cursor::new(owned)) as Box<dyn Read>)
        })
    }

    fn shown(bytes: &[u8]) -> String {
        decided(bytes, None).expect("decided").to_string()
    }

    #[test]
    fn the_mark_comes_first_then_strict_utf8_then_windows_1252() {
        assert_eq!(shown(b"\xEF\xBB\xBFnom\n"), "UTF-8 with byte-order mark");
        assert_eq!(shown(b"\xFF\xFEn\0o\0m\0"), "UTF-16LE with byte-order mark");
        assert_eq!(shown(b"\xFE\xFF\0n\0o\0m"), "UTF-16BE with byte-order mark");
        assert_eq!(shown("nom\nHélène\n".as_bytes()), "UTF-8");
        assert_eq!(
            shown(b"nom\nH\xe9l\xe8ne\n"),
            "Windows-1252 (not UTF-8: byte `0xE9` on line 2)"
        );
        assert_eq!(
            shown(b"n\0o\0m\0\n\0A\0"),
            "UTF-16LE without byte-order mark"
        );
    }

    #[test]
    fn a_bad_byte_far_down_is_found_by_reading_the_whole_file() {
        let mut bytes = "nom\n".repeat(50_000).into_bytes();
        bytes.extend_from_slice(b"C\x9cur\n");
        assert_eq!(
            shown(&bytes),
            "Windows-1252 (not UTF-8: byte `0x9C` on line 50001)"
        );
    }

    #[test]
    fn utf8_then_a_stray_byte_is_refused_not_guessed() {
        let bytes = b"nom\nH\xc3\xa9l\xc3\xa8ne\nL\x92\xe9cole\n";
        let error = decided(bytes, None).expect_err("mixed");
        assert!(
            matches!(
                error,
                RecipientError::MixedEncoding {
                    line: 3,
                    byte: 0x92,
                    ..
                }
            ),
            "{error}"
        );
    }

    #[test]
    fn the_option_wins_but_not_against_a_different_mark() {
        let given = decided(b"nom\n", Some(TextEncoding::Windows1252)).expect("given");
        assert_eq!(given.to_string(), "Windows-1252 (as `--encoding` says)");
        let same = decided(b"\xEF\xBB\xBFnom\n", Some(TextEncoding::Utf8)).expect("same");
        assert_eq!(same.bom_len, 3);
        assert!(matches!(
            decided(b"\xFF\xFEn\0", Some(TextEncoding::Windows1252)),
            Err(RecipientError::BomConflict { .. })
        ));
    }

    #[test]
    fn binaries_are_named_not_read() {
        for bytes in [
            &b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"[..],
            b"PK\x03\x04\x14\0\0\0",
            b"nom\0\x01\x02\x03\x04",
        ] {
            let error = decided(bytes, None).expect_err("binary");
            assert!(matches!(error, RecipientError::NotText { .. }), "{error}");
        }
    }

    #[test]
    fn names_are_those_office_software_uses() {
        for (name, encoding) in [
            ("UTF-8", TextEncoding::Utf8),
            ("utf-16le", TextEncoding::Utf16Le),
            ("UTF-16BE", TextEncoding::Utf16Be),
            ("cp1252", TextEncoding::Windows1252),
            ("windows-1252", TextEncoding::Windows1252),
            ("latin1", TextEncoding::Windows1252),
        ] {
            assert_eq!(TextEncoding::from_name(name), Some(encoding), "{name}");
        }
        assert_eq!(TextEncoding::from_name("ebcdic"), None);
        let error = "ebcdic".parse::<TextEncoding>().expect_err("unknown");
        assert!(error.to_string().contains("use `utf-8`"), "{error}");
        for encoding in [
            TextEncoding::Utf8,
            TextEncoding::Utf16Le,
            TextEncoding::Utf16Be,
            TextEncoding::Windows1252,
        ] {
            assert_eq!(encoding.flag_name().parse().ok(), Some(encoding));
            assert_eq!(encoding.to_string().parse().ok(), Some(encoding));
        }
    }

    #[test]
    fn windows_1252_has_what_latin_1_lacks() {
        let decision = decided(b"nom\n\x9cuvre \x80 \xab x \xbb\n", None).expect("decided");
        let mut text = String::new();
        decoding_reader(
            &decision,
            io::Cursor::new(b"\x9cuvre \x80 \xab x \xbb".to_vec()),
        )
        .read_to_string(&mut text)
        .expect("decode");
        assert_eq!(text, "œuvre € « x »");
    }
}
