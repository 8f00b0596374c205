//! Recipient lists: the rows a campaign is sent to, each with the place it came from.
//!
//! A list is read as a stream of [`Recipient`]s, so memory does not grow with its length.
//! Every problem names the file and the line a text editor shows (the header is line 1).

pub mod address;
mod csv_file;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use csv_file::CsvRecipients;

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
}

/// What went wrong reading a list. Each names the file, and the line when there is one.
#[derive(Debug, thiserror::Error)]
pub enum RecipientError {
    #[error("{}: cannot read the recipient list: {source}", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: the recipient list is not UTF-8 text (first bad byte at offset {offset}); save it as \"CSV UTF-8\"",
        path.display()
    )]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{}: the recipient list is empty: it needs a header line with the column names, then one line per recipient", path.display())]
    Empty { path: PathBuf },
    #[error("{}: the header line has no column names", path.display())]
    NoColumns { path: PathBuf },
    #[error("{}:1: column {index} has no name; give every column a name in the header line", path.display())]
    UnnamedColumn { path: PathBuf, index: usize },
    #[error("{}:1: two columns are named `{name}`; rename one of them", path.display())]
    DuplicateColumn { path: PathBuf, name: String },
    #[error("{}: the list has a header line but no recipients", path.display())]
    NoRows { path: PathBuf },
    #[error(
        "{at}: this row has {found} fields but the header has {expected}; check for a missing or extra delimiter"
    )]
    FieldCount {
        at: RowRef,
        expected: usize,
        found: usize,
    },
    #[error("{at}: {message}")]
    Malformed { at: RowRef, message: String },
}

impl RecipientError {
    /// The row this error is about, when it is about one row (the others stop the run).
    pub fn row(&self) -> Option<&RowRef> {
        match self {
            Self::FieldCount { at, .. } | Self::Malformed { at, .. } => Some(at),
            _ => None,
        }
    }
}

/// Opens a recipient list, detecting its format from the file.
pub fn open(path: &Path, options: &ReadOptions) -> Result<CsvRecipients, RecipientError> {
    CsvRecipients::open(path, options)
}
