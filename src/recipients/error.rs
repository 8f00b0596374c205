//! What can be wrong with a recipient list, said compiler-style (`FILE:LINE: what is wrong`)
//! with what to do about it. Errors about one row let the others go on (`--skip-invalid`);
//! the rest stop the run.

use std::fmt;
use std::path::PathBuf;

use super::{RowRef, TextEncoding};

/// What went wrong reading a list. Each names the file, and the line when there is one.
#[derive(Debug, thiserror::Error)]
pub enum RecipientError {
    #[error(
        "{}: cannot read the recipient list: {source}; check the path given with `-r` or as `recipients` in campaign.toml",
        path.display()
    )]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}:1: this is not a recipient list but {what}; give a CSV, .xlsx or .ods list with a header row and one row per recipient",
        path.display()
    )]
    NotText { path: PathBuf, what: &'static str },
    #[error(
        "{}:{line}: the list is UTF-8 but this line has a byte that is not (`0x{byte:02X}`), as when two sources are pasted together; save the list again as \"CSV UTF-8\", or give `--encoding windows-1252` or `--encoding utf-8` to read it anyway",
        path.display()
    )]
    MixedEncoding { path: PathBuf, line: u64, byte: u8 },
    #[error(
        "{}: the file starts with a {marked} byte-order mark but `--encoding {}` was given; remove `--encoding` (the mark says how the file is written)",
        path.display(), given.name().to_lowercase()
    )]
    BomConflict {
        path: PathBuf,
        marked: TextEncoding,
        given: TextEncoding,
    },
    #[error(
        "{}:1: the recipient list is empty: it needs a header line with the column names, then one line per recipient",
        path.display()
    )]
    Empty { path: PathBuf },
    #[error("{}", Lines(problems))]
    Header { problems: Vec<HeaderProblem> },
    #[error(
        "{}:1: the list has a header line but no recipients; add one line per recipient under it",
        path.display()
    )]
    NoRows { path: PathBuf },
    #[error(
        "{at}: this row has {found} fields but the header has {expected} ({detail}); check for a missing or extra `{delimiter}`, and put a value that holds `{delimiter}` in double quotes"
    )]
    FieldCount {
        at: RowRef,
        expected: usize,
        found: usize,
        /// The columns left without a value, or the values beyond the last column.
        detail: String,
        delimiter: char,
    },
    #[error(
        "{at}: column {index} has no name in the header but holds `{value}`; name the column in the header, or clear the value"
    )]
    UnnamedValue {
        at: RowRef,
        index: usize,
        value: String,
    },
    #[error(
        "{at}: column `{column}` holds the spreadsheet error `{error}`; fix the formula in the sheet, or clear the cell"
    )]
    CellError {
        at: RowRef,
        column: String,
        error: String,
    },
    #[error("{at}: {message}")]
    Malformed { at: RowRef, message: String },
    #[error(
        "{}: cannot read the spreadsheet: {message}; open it in LibreOffice or Excel and save it again as .xlsx or .ods",
        path.display()
    )]
    Spreadsheet { path: PathBuf, message: String },
    #[error(
        "{}: there is no sheet `{sheet}`; the sheets are {available}: give one of them to `--sheet`",
        path.display()
    )]
    UnknownSheet {
        path: PathBuf,
        sheet: String,
        available: String,
    },
}

impl RecipientError {
    /// The row this error is about, when it is about one row (the others stop the run).
    pub fn row(&self) -> Option<&RowRef> {
        match self {
            Self::FieldCount { at, .. }
            | Self::UnnamedValue { at, .. }
            | Self::CellError { at, .. }
            | Self::Malformed { at, .. } => Some(at),
            _ => None,
        }
    }
}

/// A problem with the header row; they are all reported at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderProblem {
    #[error("{at}: the header row has no column names; put the column names in the first row")]
    NoColumns { at: RowRef },
    #[error("{at}: column {index} has no name; give every column a name in the header row")]
    Unnamed { at: RowRef, index: usize },
    #[error("{at}: two columns are named `{name}`; rename one of them")]
    Duplicate { at: RowRef, name: String },
    #[error(
        "{at}: columns `{first}` and `{second}` are both reached in templates as `{alias}`; rename one of them"
    )]
    SameAlias {
        at: RowRef,
        first: String,
        second: String,
        alias: String,
    },
}

/// Problems one per line, each starting with `FILE:LINE:`; the first is printed after
/// `error: ` by the command line, so the others get it too.
struct Lines<'a>(&'a [HeaderProblem]);

impl fmt::Display for Lines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\nerror: ")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}
