//! CSV lists as office software exports them: UTF-8 (with or without a byte-order mark),
//! `;` or `,` or tab as delimiter, quoted fields, CRLF or LF.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Columns, ReadOptions, Recipient, RecipientError, RowRef};

/// A CSV recipient list, read row by row.
pub struct CsvRecipients {
    path: Arc<Path>,
    columns: Columns,
    delimiter: u8,
    reader: csv::Reader<Box<dyn Read + Send>>,
    record: csv::StringRecord,
    rows_seen: u64,
}

impl std::fmt::Debug for CsvRecipients {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvRecipients")
            .field("path", &self.path)
            .field("columns", &self.columns)
            .finish_non_exhaustive()
    }
}

const SNIFF_BYTES: usize = 64 * 1024;

impl CsvRecipients {
    pub fn open(path: &Path, options: &ReadOptions) -> Result<Self, RecipientError> {
        let open_error = |source| RecipientError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut file = BufReader::new(File::open(path).map_err(open_error)?);
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        (&mut file)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(open_error)?;
        let body_start = if head.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        check_utf8(path, &head[body_start..])?;
        let text_head = &head[body_start..];
        if text_head.iter().all(u8::is_ascii_whitespace) {
            return Err(RecipientError::Empty {
                path: path.to_path_buf(),
            });
        }
        let delimiter = options
            .delimiter
            .unwrap_or_else(|| sniff_delimiter(text_head));
        let rest: Box<dyn Read + Send> = Box::new(CrlfToLf::new(
            std::io::Cursor::new(head[body_start..].to_vec()).chain(file),
        ));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(rest);
        let mut header = csv::StringRecord::new();
        let path: Arc<Path> = Arc::from(path);
        let read_header = reader
            .read_record(&mut header)
            .map_err(|e| malformed(&path, &e))?;
        if !read_header {
            return Err(RecipientError::Empty {
                path: path.to_path_buf(),
            });
        }
        let columns = column_names(&path, &header)?;
        Ok(Self {
            path,
            columns,
            delimiter,
            reader,
            record: csv::StringRecord::new(),
            rows_seen: 0,
        })
    }

    pub fn columns(&self) -> &Columns {
        &self.columns
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How the file was read, for `check` to say (never guess silently).
    pub fn format_description(&self) -> String {
        let delimiter = match self.delimiter {
            b';' => "`;`".to_string(),
            b',' => "`,`".to_string(),
            b'\t' => "tab".to_string(),
            other => format!("`{}`", char::from(other)),
        };
        format!("CSV, UTF-8, delimiter {delimiter}")
    }
}

impl Iterator for CsvRecipients {
    type Item = Result<Recipient, RecipientError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => {
                    if self.rows_seen == 0 {
                        self.rows_seen = u64::MAX;
                        return Some(Err(RecipientError::NoRows {
                            path: self.path.to_path_buf(),
                        }));
                    }
                    return None;
                }
                Err(e) => {
                    let error = malformed(&self.path, &e);
                    // A broken record cannot be skipped reliably: stop here.
                    self.rows_seen = self.rows_seen.max(1);
                    return Some(Err(error));
                }
                Ok(true) => {}
            }
            let line = self.record.position().map_or(0, csv::Position::line);
            // A blank line (often the last one) is not a recipient.
            if self.record.iter().all(|field| field.trim().is_empty()) {
                continue;
            }
            self.rows_seen += 1;
            let at = RowRef {
                file: Arc::clone(&self.path),
                line,
            };
            if self.record.len() != self.columns.len() {
                return Some(Err(RecipientError::FieldCount {
                    at,
                    expected: self.columns.len(),
                    found: self.record.len(),
                }));
            }
            return Some(Ok(Recipient {
                at,
                columns: Arc::clone(&self.columns),
                values: self.record.iter().map(|v| v.trim().to_string()).collect(),
            }));
        }
    }
}

/// Turns CRLF into LF while streaming. The `csv` crate counts a CRLF-ended record's next line
/// one short (it records the position before consuming the LF), and the line numbers we
/// print must be those an editor shows.
struct CrlfToLf<R> {
    inner: R,
    pending_cr: bool,
}

impl<R: Read> CrlfToLf<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            pending_cr: false,
        }
    }
}

impl<R: Read> Read for CrlfToLf<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let start = usize::from(self.pending_cr);
            if self.pending_cr {
                buf[0] = b'\r';
            }
            let read = self.inner.read(&mut buf[start..])?;
            if read == 0 {
                self.pending_cr = false;
                return Ok(start);
            }
            let filled = start + read;
            let mut out = 0;
            let mut index = 0;
            while index < filled {
                let byte = buf[index];
                if byte == b'\r' && index + 1 < filled && buf[index + 1] == b'\n' {
                    index += 1;
                    continue;
                }
                buf[out] = byte;
                out += 1;
                index += 1;
            }
            // A CR at the very end may be the first half of a CRLF: hold it back.
            self.pending_cr = out > 0 && buf[out - 1] == b'\r';
            if self.pending_cr {
                out -= 1;
            }
            if out > 0 {
                return Ok(out);
            }
        }
    }
}

fn malformed(path: &Arc<Path>, error: &csv::Error) -> RecipientError {
    let line = error.position().map_or(0, csv::Position::line);
    match error.kind() {
        csv::ErrorKind::Io(e) => RecipientError::Open {
            path: path.to_path_buf(),
            source: std::io::Error::new(e.kind(), e.to_string()),
        },
        csv::ErrorKind::Utf8 { .. } => RecipientError::Malformed {
            at: RowRef {
                file: Arc::clone(path),
                line,
            },
            message: "this row is not UTF-8 text; save the list as \"CSV UTF-8\"".into(),
        },
        _ => RecipientError::Malformed {
            at: RowRef {
                file: Arc::clone(path),
                line,
            },
            message: format!("cannot read this row: {error}"),
        },
    }
}

fn check_utf8(path: &Path, head: &[u8]) -> Result<(), RecipientError> {
    match std::str::from_utf8(head) {
        Ok(_) => Ok(()),
        // A multi-byte character cut by the sniffing window is not an error.
        Err(e) if e.error_len().is_none() => Ok(()),
        Err(e) => Err(RecipientError::NotUtf8 {
            path: path.to_path_buf(),
            offset: e.valid_up_to(),
        }),
    }
}

/// Picks the delimiter that splits the header line into the most columns.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let mut best = (0, b',');
    for candidate in [b';', b',', b'\t'] {
        let count = count_outside_quotes(first_line, candidate);
        if count > best.0 {
            best = (count, candidate);
        }
    }
    best.1
}

fn count_outside_quotes(line: &[u8], delimiter: u8) -> usize {
    let mut in_quotes = false;
    let mut count = 0;
    for &byte in line {
        if byte == b'"' {
            in_quotes = !in_quotes;
        } else if byte == delimiter && !in_quotes {
            count += 1;
        }
    }
    count
}

fn column_names(path: &Arc<Path>, header: &csv::StringRecord) -> Result<Columns, RecipientError> {
    let to_path = || PathBuf::from(&**path);
    let names: Vec<String> = header.iter().map(|c| c.trim().to_string()).collect();
    if names.iter().all(String::is_empty) {
        return Err(RecipientError::NoColumns { path: to_path() });
    }
    for (index, name) in names.iter().enumerate() {
        if name.is_empty() {
            return Err(RecipientError::UnnamedColumn {
                path: to_path(),
                index: index + 1,
            });
        }
        if names[..index].contains(name) {
            return Err(RecipientError::DuplicateColumn {
                path: to_path(),
                name: name.clone(),
            });
        }
    }
    Ok(names.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn list(bytes: &[u8]) -> (tempfile::NamedTempFile, CsvRecipients) {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(bytes).expect("write");
        let reader = CsvRecipients::open(file.path(), &ReadOptions::default()).expect("open");
        (file, reader)
    }

    #[test]
    fn reads_excel_utf8_with_bom_and_semicolons() {
        let (_f, reader) = list(
            "\u{feff}civilite;nom;email\r\nMadame;Hélène Lefèvre;h@ac-lille.fr\r\n\r\n".as_bytes(),
        );
        assert_eq!(&*reader.columns().clone(), ["civilite", "nom", "email"]);
        let rows: Vec<_> = reader.collect::<Result<_, _>>().expect("rows");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].get("nom"), Some("Hélène Lefèvre"));
        assert_eq!(rows[0].at.line, 2);
    }

    #[test]
    fn quoted_fields_keep_delimiters_and_line_breaks_and_lines_stay_true() {
        let (_f, reader) = list(b"nom,adresse\n\"Dupont, Jean\",\"1 rue\nLille\"\nMarie,ici\n");
        let rows: Vec<_> = reader.collect::<Result<_, _>>().expect("rows");
        assert_eq!(rows[0].get("nom"), Some("Dupont, Jean"));
        assert_eq!(rows[0].get("adresse"), Some("1 rue\nLille"));
        assert_eq!(rows[1].at.line, 4);
    }

    #[test]
    fn a_short_row_is_an_error_naming_its_line() {
        let (_f, reader) = list(b"a;b\n1;2\n3\n");
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
    }

    #[test]
    fn crlf_becomes_lf_even_across_reads() {
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let Some((first, rest)) = self.0.split_first() else {
                    return Ok(0);
                };
                buf[0] = *first;
                self.0 = rest;
                Ok(1)
            }
        }
        let mut out = String::new();
        CrlfToLf::new(Trickle(b"a\r\nb\rc\r\r\n"))
            .read_to_string(&mut out)
            .expect("read");
        assert_eq!(out, "a\nb\rc\r\n");
    }

    #[test]
    fn header_without_rows_is_an_error() {
        let (_f, reader) = list(b"a;b\n");
        let results: Vec<_> = reader.collect();
        assert!(matches!(results[..], [Err(RecipientError::NoRows { .. })]));
    }

    #[test]
    fn windows_1252_is_refused_with_advice() {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(b"nom\nH\xe9l\xe8ne\n").expect("write");
        let error = CsvRecipients::open(file.path(), &ReadOptions::default()).expect_err("cp1252");
        assert!(error.to_string().contains("CSV UTF-8"), "{error}");
    }
}
