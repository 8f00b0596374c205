//! What can be wrong with a template or with one recipient's message, kept as data and said
//! in the run's language when shown (`locales/<lang>/template.ftl`).

use std::fmt;
use std::path::PathBuf;

use crate::recipients::{Columns, RowRef};

/// `file:line`, where a problem is.
fn at(path: &std::path::Path, line: usize) -> String {
    format!("{}:{line}", path.display())
}

/// A problem with the template itself: nothing can be rendered until it is fixed.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("{}", t!("template-read", path = path.display().to_string(), error = crate::i18n::system(source)))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", t!("template-not-utf8", at = at(path, *line)))]
    NotUtf8 { path: PathBuf, line: usize },
    #[error("{}", t!("template-no-headers", at = at(path, 1)))]
    NoHeaders { path: PathBuf },
    #[error("{}", t!("template-no-blank-line", at = at(path, *line)))]
    NoBlankLine { path: PathBuf, line: usize },
    #[error("{}", t!("template-not-a-header", at = at(path, *line), text = text.as_str()))]
    NotAHeader {
        path: PathBuf,
        line: usize,
        text: String,
    },
    /// The headers end (`line`: the blank line) with no `Subject:` line, not even an empty one.
    #[error("{}", t!("template-no-subject", at = at(path, *line)))]
    NoSubject { path: PathBuf, line: usize },
    #[error("{}", t!("template-address", at = at(path, *line), header = header.as_str(), error = error.to_string()))]
    Address {
        path: PathBuf,
        line: usize,
        header: String,
        error: crate::recipients::address::AddressError,
    },
    #[error("{}", t!("template-content-type", at = at(path, *line), value = value.as_str()))]
    UnsupportedContentType {
        path: PathBuf,
        line: usize,
        value: String,
    },
    #[error("{}", t!("template-misspelled-header", at = at(path, *line), name = name.as_str(), suggestion = *suggestion))]
    MisspelledHeader {
        path: PathBuf,
        line: usize,
        name: String,
        suggestion: &'static str,
    },
    /// A template in the multipart form (a text/plain and a text/html part) that cannot be
    /// split into its parts.
    #[error("{}", t!("template-multipart", at = at(path, *line), problem = problem.to_string()))]
    Multipart {
        path: PathBuf,
        line: usize,
        problem: MultipartProblem,
    },
    #[error("{}", t!("template-syntax", at = at(path, *line), problem = problem.to_string()))]
    Syntax {
        path: PathBuf,
        line: usize,
        problem: SyntaxProblem,
    },
    #[error("{}", match suggestion {
        Some(suggestion) => t!("template-unknown-variable-near", at = at(path, *line), variable = variable.as_str(), suggestion = suggestion.as_str(), available = super::describe_columns(columns)),
        None => t!("template-unknown-variable", at = at(path, *line), variable = variable.as_str(), available = super::describe_columns(columns)),
    })]
    UnknownVariable {
        path: PathBuf,
        line: usize,
        variable: String,
        /// The column (or alias) one or two typing slips away, if any.
        suggestion: Option<String>,
        columns: Columns,
    },
}

impl TemplateError {
    /// The template's line the problem is on, when it is on one.
    pub(crate) fn line(&self) -> Option<usize> {
        match self {
            Self::Read { .. } => None,
            Self::NoHeaders { .. } => Some(1),
            Self::NotUtf8 { line, .. }
            | Self::NoBlankLine { line, .. }
            | Self::NotAHeader { line, .. }
            | Self::NoSubject { line, .. }
            | Self::Address { line, .. }
            | Self::UnsupportedContentType { line, .. }
            | Self::MisspelledHeader { line, .. }
            | Self::Multipart { line, .. }
            | Self::Syntax { line, .. }
            | Self::UnknownVariable { line, .. } => Some(*line),
        }
    }
}

/// Why a multipart template cannot be split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MultipartProblem {
    /// `multipart/alternative` without `boundary=`.
    NoBoundary,
    /// The body has no `--boundary` line, though `header_line` names the boundary.
    NoDelimiter {
        boundary: String,
        header_line: usize,
    },
    /// A part line that is no `Name: value`.
    NotAPartHeader { text: String },
    /// A part whose type is not text.
    PartType { value: String },
    /// A part with a `Content-Transfer-Encoding` that is not plain text.
    TransferEncoding { value: String },
    /// A part header other than `Content-Type`.
    UselessHeader { name: String },
    /// A part with no blank line after its headers.
    NoBlankLine,
    /// A part with no `Content-Type:` line.
    NoContentType,
    /// A second part of the same kind; `first`: the line of the first.
    SecondPart { plain: bool, first: usize },
    /// A body with no part at all.
    NoPart,
}

impl fmt::Display for MultipartProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let said = match self {
            Self::NoBoundary => t!("template-multipart-no-boundary"),
            Self::NoDelimiter {
                boundary,
                header_line,
            } => t!(
                "template-multipart-no-delimiter",
                delimiter = format!("--{boundary}"),
                boundary = boundary.as_str(),
                line = *header_line
            ),
            Self::NotAPartHeader { text } => {
                t!("template-multipart-not-a-part-header", text = text.as_str())
            }
            Self::PartType { value } => t!("template-multipart-part-type", value = value.as_str()),
            Self::TransferEncoding { value } => {
                t!(
                    "template-multipart-transfer-encoding",
                    value = value.as_str()
                )
            }
            Self::UselessHeader { name } => {
                t!("template-multipart-useless-header", name = name.as_str())
            }
            Self::NoBlankLine => t!("template-multipart-no-blank-line"),
            Self::NoContentType => t!("template-multipart-no-content-type"),
            Self::SecondPart { plain, first } => t!(
                "template-multipart-second-part",
                kind = if *plain { "plain" } else { "rich" },
                first = *first
            ),
            Self::NoPart => t!("template-multipart-no-part"),
        };
        f.write_str(&said)
    }
}

/// A template syntax error, told so a person can fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxProblem {
    /// A `{{`, `{%` or `{#` never closed by `closer`.
    Unclosed {
        opener: &'static str,
        closer: &'static str,
    },
    /// A `{% if %}` (or `for`, `raw`…) without its end.
    Unended { name: String },
    /// What Tera said (its own words, in English), with what to check.
    Tera { said: String, hint: SyntaxHint },
}

/// What to check after an error Tera found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxHint {
    UnknownTag,
    UnknownFilter,
    UnknownTemplate,
    Other,
}

impl fmt::Display for SyntaxProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let said = match self {
            Self::Unclosed { opener, closer } => {
                t!(
                    "template-syntax-unclosed",
                    opener = *opener,
                    closer = *closer
                )
            }
            Self::Unended { name } => t!("template-syntax-unended", name = name.as_str()),
            Self::Tera { said, hint } => {
                let hint = match hint {
                    SyntaxHint::UnknownTag => t!("template-syntax-hint-tag"),
                    SyntaxHint::UnknownFilter => t!("template-syntax-hint-filter"),
                    SyntaxHint::UnknownTemplate => t!("template-syntax-hint-include"),
                    SyntaxHint::Other => t!("template-syntax-hint-other"),
                };
                t!("template-syntax-tera", said = said.as_str(), hint = hint)
            }
        };
        f.write_str(&said)
    }
}

/// A problem rendering one recipient's message: that row cannot be sent as it is.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RenderError {
    /// What Tera said (its own words, in English) rendering this row.
    #[error("{}", t!("template-render", at = at(path, *line), row = row.to_string(), said = message.as_str()))]
    Template {
        path: PathBuf,
        line: usize,
        row: RowRef,
        message: String,
    },
    #[error("{}", t!("template-line-break-in-header", row = row.to_string(), header = header.as_str(), at = at(path, *line)))]
    LineBreakInHeader {
        path: PathBuf,
        line: usize,
        row: RowRef,
        header: String,
    },
    #[error("{}", t!("template-malformed-header", at = at(path, *line), row = row.to_string(), text = text.as_str()))]
    MalformedHeader {
        path: PathBuf,
        line: usize,
        row: RowRef,
        text: String,
    },
}

impl RenderError {
    /// The template's line the problem is on.
    pub(crate) fn line(&self) -> usize {
        match self {
            Self::Template { line, .. }
            | Self::LineBreakInHeader { line, .. }
            | Self::MalformedHeader { line, .. } => *line,
        }
    }
}
