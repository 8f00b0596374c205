//! What can be wrong with a recipient list, said compiler-style (`FILE:LINE: what is wrong`)
//! with what to do about it. Errors about one row let the others go on (`--skip-invalid`);
//! the rest stop the run.
//!
//! The words are said when the error is shown (`locales/*/recipients.ftl`), in the run's
//! language; an error holds only its data.

use std::fmt;
use std::path::PathBuf;

use super::{RowRef, TextEncoding};
use crate::i18n::{Lang, lang, system};

/// What went wrong reading a list. Each names the file, and the line when there is one.
#[derive(Debug, thiserror::Error)]
pub enum RecipientError {
    #[error("{}", t!("recipients-open", path = path.display().to_string(), system = system(source)))]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `what`: what the file is instead (`pdf`, `zip`, `xls`, `png`, `jpeg`, `gif`, `gzip`,
    /// `rtf`, `binary`).
    #[error("{}", t!("recipients-not-text", path = path.display().to_string(), what = *what))]
    NotText { path: PathBuf, what: &'static str },
    #[error(
        "{}",
        t!(
            "recipients-mixed-encoding",
            path = path.display().to_string(),
            line = line.to_string(),
            byte = format!("{byte:02X}"),
        )
    )]
    MixedEncoding { path: PathBuf, line: u64, byte: u8 },
    #[error(
        "{}",
        t!(
            "recipients-bom-conflict",
            path = path.display().to_string(),
            marked = marked.name(),
            given = given.name().to_lowercase(),
        )
    )]
    BomConflict {
        path: PathBuf,
        marked: TextEncoding,
        given: TextEncoding,
    },
    #[error("{}", t!("recipients-empty", path = path.display().to_string()))]
    Empty { path: PathBuf },
    #[error("{}", Lines(problems))]
    Header { problems: Vec<HeaderProblem> },
    #[error("{}", t!("recipients-no-rows", path = path.display().to_string()))]
    NoRows { path: PathBuf },
    #[error(
        "{}",
        t!(
            "recipients-field-count",
            at = at.to_string(),
            found = *found,
            expected = *expected,
            detail = detail.to_string(),
            delimiter = delimiter.to_string(),
        )
    )]
    FieldCount {
        at: RowRef,
        expected: usize,
        found: usize,
        /// The columns left without a value, or the values beyond the last column.
        detail: FieldDetail,
        delimiter: char,
    },
    #[error(
        "{}",
        t!("recipients-unnamed-value", at = at.to_string(), index = *index, value = value.as_str())
    )]
    UnnamedValue {
        at: RowRef,
        index: usize,
        value: String,
    },
    #[error(
        "{}",
        t!(
            "recipients-cell-error",
            at = at.to_string(),
            column = column.as_str(),
            error = error.as_str(),
        )
    )]
    CellError {
        at: RowRef,
        column: String,
        error: String,
    },
    /// A row the CSV reader cannot read (a quote left open); `said`: its own words.
    #[error("{}", t!("recipients-unreadable-row", at = at.to_string(), said = said.as_str()))]
    Unreadable { at: RowRef, said: String },
    /// A row that is not text in the encoding `--encoding` forced.
    #[error(
        "{}",
        t!(
            "recipients-not-encoding",
            at = at.to_string(),
            encoding = encoding.name(),
            names = TextEncoding::names(),
        )
    )]
    NotEncoding { at: RowRef, encoding: TextEncoding },
    /// A row `--where` cannot decide (comparing a text with a number…); `said`: the
    /// template engine's words.
    #[error(
        "{}",
        t!(
            "filter-undecidable",
            at = at.to_string(),
            expression = expression.as_str(),
            said = said.as_str(),
        )
    )]
    Undecidable {
        at: RowRef,
        expression: String,
        said: String,
    },
    /// A spreadsheet the reader cannot open; `said`: its own words.
    #[error("{}", t!("recipients-spreadsheet", path = path.display().to_string(), said = said.as_str()))]
    Spreadsheet { path: PathBuf, said: String },
    #[error(
        "{}",
        t!(
            "recipients-unknown-sheet",
            path = path.display().to_string(),
            sheet = sheet.as_str(),
            available = quoted_list(available),
        )
    )]
    UnknownSheet {
        path: PathBuf,
        sheet: String,
        available: Vec<String>,
    },
}

impl RecipientError {
    /// The row this error is about, when it is about one row (the others stop the run).
    pub fn row(&self) -> Option<&RowRef> {
        match self {
            Self::FieldCount { at, .. }
            | Self::UnnamedValue { at, .. }
            | Self::CellError { at, .. }
            | Self::Unreadable { at, .. }
            | Self::NotEncoding { at, .. }
            | Self::Undecidable { at, .. } => Some(at),
            _ => None,
        }
    }
}

/// Why a row's values do not fit the header's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldDetail {
    /// The columns left without a value.
    Missing(Vec<String>),
    /// The values beyond the last column, and that column.
    Extra { values: Vec<String>, last: String },
}

impl fmt::Display for FieldDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Self::Missing(columns) => {
                t!("recipients-detail-missing", columns = quoted_list(columns))
            }
            Self::Extra { values, last } => t!(
                "recipients-detail-extra",
                values = quoted_list(values),
                last = last.as_str()
            ),
        })
    }
}

/// A value of the list as a message quotes it: `` `value` `` in English, « value » in
/// French; a long one shortened.
pub(super) fn quoted(value: &str) -> String {
    let value = shortened(value.trim());
    match lang() {
        Lang::En => format!("`{value}`"),
        Lang::Fr => crate::i18n::quote(&value, Lang::Fr),
    }
}

/// The first five values quoted (`` `a`, `b` ``), and how many more.
pub(super) fn quoted_list(values: &[String]) -> String {
    let shown: Vec<String> = values.iter().take(5).map(|v| quoted(v)).collect();
    let more = values.len() - shown.len();
    let shown = shown.join(", ");
    match more {
        0 => shown,
        count => t!("recipients-and-more", shown = shown, count = count),
    }
}

/// A value cut after 40 characters, with `…`.
pub(super) fn shortened(value: &str) -> String {
    const MAX: usize = 40;
    match value.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_string(),
    }
}

/// A problem with the header row; they are all reported at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderProblem {
    #[error("{}", t!("recipients-header-no-columns", at = at.to_string()))]
    NoColumns { at: RowRef },
    #[error("{}", t!("recipients-header-unnamed", at = at.to_string(), index = *index))]
    Unnamed { at: RowRef, index: usize },
    #[error("{}", t!("recipients-header-duplicate", at = at.to_string(), name = name.as_str()))]
    Duplicate { at: RowRef, name: String },
    #[error(
        "{}",
        t!(
            "recipients-header-same-alias",
            at = at.to_string(),
            first = first.as_str(),
            second = second.as_str(),
            alias = alias.as_str(),
        )
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
            if index == 0 {
                write!(f, "{problem}")?;
            } else {
                write!(f, "\n{}", t!("error-line", error = problem.to_string()))?;
            }
        }
        Ok(())
    }
}
