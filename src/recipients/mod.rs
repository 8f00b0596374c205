//! Recipient lists: the rows a campaign is sent to, each with the place it came from.
//!
//! [`open`] reads what office software exports, as it is: text lists (`.csv`, `.tsv`,
//! `.txt`) in UTF-8, UTF-16 or Windows-1252 with `;`, `,` or tab, streamed row by row so
//! memory does not grow with their length; and spreadsheets (`.xlsx`, `.ods`), loaded whole.
//! Every problem names the file and the line a text editor shows (the header is line 1),
//! or the spreadsheet's row number.

pub mod address;
mod columns;
mod csv_file;
mod delimiter;
mod encoding;
mod error;
mod line_ends;
mod spreadsheet;

use std::fmt;
use std::path::Path;
use std::sync::Arc;

pub use columns::alias;
pub use delimiter::Delimiter;
pub use encoding::TextEncoding;
pub use error::{FieldDetail, HeaderProblem, RecipientError};

use csv_file::CsvList;
use spreadsheet::SheetList;

/// Where a row came from: the file and the line (or spreadsheet row) a person can open.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RowRef {
    pub file: Arc<Path>,
    pub line: u64,
}

impl fmt::Display for RowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// How a list was read: a text file's encoding (in the run's language) and delimiter, or
/// a spreadsheet's kind and sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListShape {
    Text { encoding: String, delimiter: u8 },
    Sheet { kind: String, sheet: String },
}

/// The column names of a list, shared by all its rows.
pub type Columns = Arc<[String]>;

/// One row of a recipient list: every column is a template variable.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub at: RowRef,
    pub columns: Columns,
    pub values: Vec<String>,
}

impl Recipient {
    /// The value of a column, by its exact name.
    pub fn get(&self, column: &str) -> Option<&str> {
        let index = self.columns.iter().position(|c| c == column)?;
        self.values.get(index).map(String::as_str)
    }

    /// Column names with their values, in the file's order.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &str)> {
        self.columns
            .iter()
            .map(String::as_str)
            .zip(self.values.iter().map(String::as_str))
    }
}

/// How to read a list (what the user forced; the rest is detected).
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub delimiter: Option<u8>,
    pub encoding: Option<TextEncoding>,
    /// The spreadsheet's sheet to read (the first one when not given).
    pub sheet: Option<String>,
}

/// A recipient list being read, whatever its format: the rows come out in the file's
/// order, each a [`Recipient`] or the problem with that row.
#[derive(Debug)]
pub struct RecipientReader {
    source: Source,
    /// The first row, read ahead so that a list without one is refused when opened.
    first: Option<Result<Recipient, RecipientError>>,
}

/// The name `send` knows the reader by.
pub type CsvRecipients = RecipientReader;

#[derive(Debug)]
enum Source {
    Text(CsvList),
    Sheet(SheetList),
}

impl RecipientReader {
    pub fn columns(&self) -> &Columns {
        match &self.source {
            Source::Text(list) => list.columns(),
            Source::Sheet(list) => list.columns(),
        }
    }

    pub fn path(&self) -> &Path {
        match &self.source {
            Source::Text(list) => list.path(),
            Source::Sheet(list) => list.path(),
        }
    }

    /// How the list was read, as data: the words are chosen where it is shown.
    pub fn shape(&self) -> ListShape {
        match &self.source {
            Source::Text(list) => list.shape(),
            Source::Sheet(list) => list.shape(),
        }
    }

    /// How the list was read (format, encoding, delimiter or sheet), for `check` to say.
    pub fn format_description(&self) -> String {
        match &self.source {
            Source::Text(list) => list.format_description(),
            Source::Sheet(list) => list.format_description(),
        }
    }

    fn next_row(&mut self) -> Option<Result<Recipient, RecipientError>> {
        match &mut self.source {
            Source::Text(list) => list.next(),
            Source::Sheet(list) => list.next(),
        }
    }
}

impl Iterator for RecipientReader {
    type Item = Result<Recipient, RecipientError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.first.take().or_else(|| self.next_row())
    }
}

/// Opens a recipient list: a spreadsheet by its extension, text otherwise (its encoding
/// and delimiter detected unless `options` say). A list without a single row is an error.
pub fn open(path: &Path, options: &ReadOptions) -> Result<RecipientReader, RecipientError> {
    let source = if spreadsheet::is_spreadsheet(path) {
        Source::Sheet(SheetList::open(path, options)?)
    } else {
        Source::Text(CsvList::open(path, options)?)
    };
    let mut reader = RecipientReader {
        source,
        first: None,
    };
    reader.first = reader.next_row();
    if reader.first.is_none() {
        return Err(RecipientError::NoRows {
            path: path.to_path_buf(),
        });
    }
    Ok(reader)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(bytes))
            .expect("write");
        (dir, path)
    }

    #[test]
    fn a_header_without_rows_is_refused_when_opened() {
        let (_dir, path) = file("liste.csv", b"a;b\r\n\r\n");
        let error = open(&path, &ReadOptions::default()).expect_err("no rows");
        assert!(matches!(error, RecipientError::NoRows { .. }), "{error}");
    }

    #[test]
    fn the_first_row_read_ahead_is_not_lost() {
        let (_dir, path) = file("liste.csv", b"nom;email\nA;a@x.fr\nB;b@x.fr\n");
        let reader = open(&path, &ReadOptions::default()).expect("open");
        let names: Vec<String> = reader
            .map(|row| row.expect("row").values[0].clone())
            .collect();
        assert_eq!(names, ["A", "B"]);
    }

    #[test]
    fn a_spreadsheet_that_is_not_one_is_said_so() {
        let (_dir, path) = file("liste.xlsx", b"nom;email\n");
        let error = open(&path, &ReadOptions::default()).expect_err("not a workbook");
        assert!(
            matches!(error, RecipientError::Spreadsheet { .. }),
            "{error}"
        );
    }
}
