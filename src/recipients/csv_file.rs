//! Text lists as office software exports them (`.csv`, `.tsv`, `.txt`): UTF-8 with or
//! without a byte-order mark, UTF-16 ("Unicode text"), Windows-1252; `;`, `,` or tab;
//! quoted fields holding the delimiter or a line break; CRLF or LF. Read row by row: the
//! bytes are decoded while they stream, so memory does not grow with the list.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;

use super::columns::{self, Header};
use super::delimiter;
use super::encoding::{self, Decision};
use super::line_ends::CrlfToLf;
use super::{Columns, ReadOptions, Recipient, RecipientError, RowRef};

/// Bytes read first to decide the encoding and the delimiter.
const SNIFF_BYTES: usize = 64 * 1024;

/// A text recipient list, read row by row.
pub(super) struct CsvList {
    path: Arc<Path>,
    header: Header,
    delimiter: u8,
    delimiter_given: bool,
    decision: Decision,
    reader: csv::Reader<CrlfToLf<Box<dyn Read + Send>>>,
    record: csv::StringRecord,
    stopped: bool,
}

impl std::fmt::Debug for CsvList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvList")
            .field("path", &self.path)
            .field("columns", &self.header.columns)
            .finish_non_exhaustive()
    }
}

impl CsvList {
    pub(super) fn open(path: &Path, options: &ReadOptions) -> Result<Self, RecipientError> {
        let open_error = |source| RecipientError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut file = File::open(path).map_err(open_error)?;
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        (&mut file)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(open_error)?;
        let whole = || -> std::io::Result<Box<dyn Read>> {
            Ok(Box::new(BufReader::new(File::open(path)?)))
        };
        let decision = encoding::decide(path, &head, options.encoding, whole)?;
        let text_head = encoding::decode_head(&decision, &head);
        if text_head.trim().is_empty() {
            return Err(RecipientError::Empty {
                path: path.to_path_buf(),
            });
        }
        let complete = head.len() < SNIFF_BYTES;
        let delimiter = options
            .delimiter
            .unwrap_or_else(|| delimiter::sniff(&text_head, complete, preferred_delimiter(path)));
        file.seek(SeekFrom::Start(decision.bom_len as u64))
            .map_err(open_error)?;
        let text = encoding::decoding_reader(&decision, BufReader::new(file));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(CrlfToLf::new(text));
        let path: Arc<Path> = Arc::from(path);
        let mut record = csv::StringRecord::new();
        let header = loop {
            let read = reader
                .read_record(&mut record)
                .map_err(|e| malformed(&path, &e, &decision))?;
            if !read {
                return Err(RecipientError::Empty {
                    path: path.to_path_buf(),
                });
            }
            // Blank lines above the header are not the header.
            if !is_blank(&record) {
                let line = record.position().map_or(1, csv::Position::line);
                break columns::header(&path, line, record.iter().map(str::to_string).collect())?;
            }
        };
        Ok(Self {
            path,
            header,
            delimiter,
            delimiter_given: options.delimiter.is_some(),
            decision,
            reader,
            record,
            stopped: false,
        })
    }

    pub(super) fn columns(&self) -> &Columns {
        &self.header.columns
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// How the file was read, as data.
    pub(super) fn shape(&self) -> super::ListShape {
        super::ListShape::Text {
            encoding: self.decision.to_string(),
            delimiter: self.delimiter,
        }
    }

    /// How the file was read, for `check` to say (never guess silently).
    pub(super) fn format_description(&self) -> String {
        let delimiter = match self.delimiter {
            b'\t' => t!("recipients-delimiter-tab"),
            other => format!("`{}`", char::from(other)),
        };
        let encoding = self.decision.to_string();
        if self.delimiter_given {
            t!(
                "recipients-format-text-given",
                encoding = encoding,
                delimiter = delimiter
            )
        } else {
            t!(
                "recipients-format-text",
                encoding = encoding,
                delimiter = delimiter
            )
        }
    }
}

impl Iterator for CsvList {
    type Item = Result<Recipient, RecipientError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.stopped {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => self.stopped = true,
                Err(e) => {
                    // A read fault cannot be skipped; a bad record can (the next is whole).
                    self.stopped = matches!(e.kind(), csv::ErrorKind::Io(_));
                    return Some(Err(malformed(&self.path, &e, &self.decision)));
                }
                // A blank line (often the last one) is not a recipient.
                Ok(true) if is_blank(&self.record) => {}
                Ok(true) => {
                    let at = RowRef {
                        file: Arc::clone(&self.path),
                        line: self.record.position().map_or(0, csv::Position::line),
                    };
                    let fields = self.record.iter().map(str::to_string).collect();
                    return Some(columns::row(
                        &self.header,
                        at,
                        fields,
                        char::from(self.delimiter),
                    ));
                }
            }
        }
        None
    }
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|field| field.trim().is_empty())
}

/// Excel's "Unicode text" (`.txt`) and `.tsv` files are tab-separated.
fn preferred_delimiter(path: &Path) -> u8 {
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    match extension.as_deref() {
        Some("tsv" | "txt" | "tab") => b'\t',
        _ => b';',
    }
}

fn malformed(path: &Arc<Path>, error: &csv::Error, decision: &Decision) -> RecipientError {
    let at = RowRef {
        file: Arc::clone(path),
        line: error.position().map_or(0, csv::Position::line),
    };
    match error.kind() {
        csv::ErrorKind::Io(e) => RecipientError::Open {
            path: path.to_path_buf(),
            source: std::io::Error::new(e.kind(), e.to_string()),
        },
        // Only when UTF-8 was forced: detection reads the whole file first.
        csv::ErrorKind::Utf8 { .. } => RecipientError::NotEncoding {
            at,
            encoding: decision.encoding,
        },
        _ => RecipientError::Unreadable {
            at,
            said: error.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn list_with(bytes: &[u8], options: &ReadOptions) -> (tempfile::NamedTempFile, CsvList) {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(bytes).expect("write");
        let reader = CsvList::open(file.path(), options).expect("open");
        (file, reader)
    }

    fn list(bytes: &[u8]) -> (tempfile::NamedTempFile, CsvList) {
        list_with(bytes, &ReadOptions::default())
    }

    fn rows(reader: CsvList) -> Vec<Recipient> {
        reader.collect::<Result<_, _>>().expect("rows")
    }

    #[test]
    fn reads_excel_utf8_with_bom_and_semicolons() {
        let (_f, reader) = list(
            "\u{feff}civilite;nom ;email\r\nMadame;Hélène Lefèvre;h@ac-lille.fr\r\n\r\n".as_bytes(),
        );
        assert_eq!(&*reader.columns().clone(), ["civilite", "nom", "email"]);
        assert_eq!(
            reader.format_description(),
            "text, UTF-8 with byte-order mark, delimiter `;`"
        );
        let rows = rows(reader);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].get("nom"), Some("Hélène Lefèvre"));
        assert_eq!(rows[0].at.line, 2);
    }

    #[test]
    fn quoted_fields_keep_delimiters_and_line_breaks_and_lines_stay_true() {
        let (_f, reader) = list(b"nom,adresse\n\"Dupont, Jean\",\"1 rue\nLille\"\nMarie,ici\n");
        let rows = rows(reader);
        assert_eq!(rows[0].get("nom"), Some("Dupont, Jean"));
        assert_eq!(rows[0].get("adresse"), Some("1 rue\nLille"));
        assert_eq!(rows[1].at.line, 4);
    }

    #[test]
    fn windows_1252_is_decoded_and_said() {
        let (_f, reader) = list(b"nom;ville\r\nC\x9cur \xab vaillant \xbb;Lille\r\n");
        assert_eq!(
            reader.format_description(),
            "text, Windows-1252 (not UTF-8: byte `0x9C` on line 2), delimiter `;`"
        );
        assert_eq!(rows(reader)[0].get("nom"), Some("Cœur « vaillant »"));
    }

    #[test]
    fn utf16_with_tabs_is_excel_unicode_text() {
        let text = "nom\temail\r\nÉlodie\te@x.fr\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (_f, reader) = list(&bytes);
        assert_eq!(
            reader.format_description(),
            "text, UTF-16LE with byte-order mark, delimiter tab"
        );
        let rows = rows(reader);
        assert_eq!(rows[0].get("nom"), Some("Élodie"));
        assert_eq!(rows[0].at.line, 2);
    }

    #[test]
    fn options_override_detection() {
        let options = ReadOptions {
            delimiter: Some(b','),
            encoding: Some(super::super::TextEncoding::Windows1252),
            ..ReadOptions::default()
        };
        let (_f, reader) = list_with("a;b,c\n1;2,3\n".as_bytes(), &options);
        assert_eq!(&*reader.columns().clone(), ["a;b", "c"]);
        assert_eq!(
            reader.format_description(),
            "text, Windows-1252 (as `--encoding` says), delimiter `,` (as `--delimiter` says)"
        );
    }

    #[test]
    fn forced_utf8_names_the_bad_row_and_goes_on() {
        let options = ReadOptions {
            encoding: Some(super::super::TextEncoding::Utf8),
            ..ReadOptions::default()
        };
        let (_f, reader) = list_with(b"nom\nAna\nH\xe9l\xe8ne\nZo\xc3\xa9\n", &options);
        let results: Vec<_> = reader.collect();
        assert_eq!(results.len(), 3);
        let error = results[1].as_ref().expect_err("not UTF-8");
        assert_eq!(error.row().map(|r| r.line), Some(3));
        assert!(error.to_string().contains("not UTF-8 text"), "{error}");
        assert_eq!(results[2].as_ref().expect("row").get("nom"), Some("Zoé"));
    }

    #[test]
    fn a_short_row_is_an_error_naming_its_line_and_the_others_go_on() {
        let (_f, reader) = list(b"a;b\n1;2\n3\n4;5\n");
        let results: Vec<_> = reader.collect();
        let error = results[1].as_ref().expect_err("short row");
        assert!(matches!(
            error,
            RecipientError::FieldCount {
                expected: 2,
                found: 1,
                ..
            }
        ));
        assert_eq!(error.row().map(|r| r.line), Some(3));
        assert!(results[2].is_ok());
    }

    #[test]
    fn empty_and_blank_lists_are_refused() {
        for bytes in [&b""[..], b"\xEF\xBB\xBF\r\n  \r\n"] {
            let mut file = tempfile::NamedTempFile::new().expect("temp file");
            file.write_all(bytes).expect("write");
            let error = CsvList::open(file.path(), &ReadOptions::default()).expect_err("empty");
            assert!(matches!(error, RecipientError::Empty { .. }), "{error}");
        }
    }
}
