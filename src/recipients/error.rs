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

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::i18n::in_lang;

    fn at(line: u64) -> RowRef {
        RowRef {
            file: Arc::from(Path::new("liste.csv")),
            line,
        }
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_short_row_is_said_in_french_with_its_columns_quoted() {
        let error = RecipientError::FieldCount {
            at: at(3),
            expected: 3,
            found: 2,
            detail: FieldDetail::Missing(strings(&["email"])),
            delimiter: ';',
        };
        assert_eq!(
            in_lang(Lang::Fr, || error.to_string()),
            "liste.csv:3\u{a0}: cette ligne compte 2 valeurs alors que l'en-tête compte 3 colonnes \
             (aucune valeur pour «\u{a0}email\u{a0}»)\u{202f}; vérifiez s'il manque un `;` ou s'il \
             y en a un de trop, et mettez entre guillemets droits (`\"`) une valeur qui contient `;`"
        );
        assert_eq!(
            error.to_string(),
            "liste.csv:3: this row has 2 fields but the header has 3 (no value for `email`); check \
             for a missing or extra `;`, and put a value that holds `;` in double quotes"
        );
    }

    #[test]
    fn one_field_is_singular_in_both_languages() {
        let error = RecipientError::FieldCount {
            at: at(4),
            expected: 3,
            found: 1,
            detail: FieldDetail::Missing(strings(&["nom", "email"])),
            delimiter: ',',
        };
        assert!(error.to_string().contains("this row has 1 field but"));
        let french = in_lang(Lang::Fr, || error.to_string());
        assert!(
            french.contains("cette ligne compte 1 valeur alors"),
            "{french}"
        );
    }

    #[test]
    fn many_extra_values_are_counted_beyond_five() {
        let values = strings(&["a", "b", "c", "d", "e", "f", "g"]);
        let detail = FieldDetail::Extra {
            values,
            last: "email".into(),
        };
        assert_eq!(
            detail.to_string(),
            "`a`, `b`, `c`, `d`, `e` and 2 more after the last column `email`"
        );
        assert_eq!(
            in_lang(Lang::Fr, || detail.to_string()),
            "«\u{a0}a\u{a0}», «\u{a0}b\u{a0}», «\u{a0}c\u{a0}», «\u{a0}d\u{a0}», «\u{a0}e\u{a0}» \
             et 2 autres après la dernière colonne «\u{a0}email\u{a0}»"
        );
    }

    #[test]
    fn header_problems_each_get_the_error_word_of_the_language() {
        let error = RecipientError::Header {
            problems: vec![
                HeaderProblem::Duplicate {
                    at: at(1),
                    name: "email".into(),
                },
                HeaderProblem::Unnamed {
                    at: at(1),
                    index: 3,
                },
            ],
        };
        assert_eq!(
            in_lang(Lang::Fr, || error.to_string()),
            "liste.csv:1\u{a0}: deux colonnes s'appellent «\u{a0}email\u{a0}»\u{202f}; renommez \
             l'une d'elles\nerreur\u{a0}: liste.csv:1\u{a0}: la colonne 3 n'a pas de nom\u{202f}; \
             donnez un nom à chaque colonne dans la ligne d'en-tête"
        );
        assert!(
            error
                .to_string()
                .contains("\nerror: liste.csv:1: column 3 has no name")
        );
    }

    #[test]
    fn a_file_that_is_not_a_list_and_a_missing_one_are_said_in_french() {
        let pdf = RecipientError::NotText {
            path: "liste.pdf".into(),
            what: "zip",
        };
        assert_eq!(
            in_lang(Lang::Fr, || pdf.to_string()),
            "liste.pdf:1\u{a0}: ce fichier n'est pas une liste de destinataires mais une archive zip \
             (un classeur .xlsx ou .ods sous un autre nom\u{202f}?)\u{202f}; donnez une liste CSV, \
             .xlsx ou .ods avec une ligne d'en-tête et une ligne par destinataire"
        );
        let missing = RecipientError::Open {
            path: "absente.csv".into(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        let french = in_lang(Lang::Fr, || missing.to_string());
        assert!(
            french.starts_with(
                "absente.csv\u{a0}: impossible de lire la liste de destinataires\u{a0}: fichier ou dossier introuvable"
            ),
            "{french}"
        );
    }

    #[test]
    fn the_readers_own_words_are_quoted_in_french() {
        let error = RecipientError::Unreadable {
            at: at(7),
            said: "found record with 2 fields".into(),
        };
        assert_eq!(
            in_lang(Lang::Fr, || error.to_string()),
            "liste.csv:7\u{a0}: impossible de lire cette ligne (le lecteur CSV dit «\u{a0}found \
             record with 2 fields\u{a0}»)\u{202f}; vérifiez ses guillemets"
        );
        let encoding = RecipientError::NotEncoding {
            at: at(2),
            encoding: TextEncoding::Utf8,
        };
        let french = in_lang(Lang::Fr, || encoding.to_string());
        assert!(
            french.ends_with("(`utf-8`, `utf-16le`, `utf-16be` ou `windows-1252`)"),
            "{french}"
        );
    }
}
