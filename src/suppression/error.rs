//! Why the suppression list cannot be read or written, in words that say where and what to do.

use std::path::PathBuf;

use super::COLUMNS;

/// A list that cannot be read or written, with where and what to do.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SuppressionError {
    #[error("{}", t!("suppression-io", path = path.display().to_string(), doing = doing.to_string(), reason = crate::i18n::system(source)))]
    Io {
        path: PathBuf,
        doing: Doing,
        source: std::io::Error,
    },
    #[error("{}", t!("suppression-line", path = path.display().to_string(), line = line.to_string(), problem = problem.to_string()))]
    Line {
        path: PathBuf,
        line: u64,
        problem: LineProblem,
    },
    #[error("{}", t!("suppression-not-listed", address = address.as_str(), path = path.display().to_string(), count = *count))]
    NotListed {
        address: String,
        path: PathBuf,
        count: usize,
    },
    #[error("{}", t!("suppression-no-address-column", path = path.display().to_string(), columns = COLUMNS.join(",")))]
    NoAddressColumn { path: PathBuf },
}

/// What missive was doing with the list's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Doing {
    Read,
    Write,
    Lock,
    CreateFolder,
}

impl std::fmt::Display for Doing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Self::Read => t!("suppression-doing-read"),
            Self::Write => t!("suppression-doing-write"),
            Self::Lock => t!("suppression-doing-lock"),
            Self::CreateFolder => t!("suppression-doing-create-folder"),
        })
    }
}

/// What is wrong on a line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LineProblem {
    /// The CSV reader's own words.
    Unreadable(String),
    EmptyAddress,
    NotAnAddress(String),
}

impl std::fmt::Display for LineProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Self::Unreadable(reason) => t!("suppression-unreadable", reason = reason.as_str()),
            Self::EmptyAddress => t!("suppression-empty-address"),
            Self::NotAnAddress(address) => {
                t!("suppression-not-an-address", address = address.as_str())
            }
        })
    }
}
