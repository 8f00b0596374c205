//! A problem with one row (or, for an unreadable list, with the list itself).

use std::sync::Arc;

use super::DuplicateIndexError;
use crate::compose::ComposeError;
use crate::recipients::{RecipientError, RowRef};
use crate::render::RenderError;

/// See the module documentation.
#[derive(Debug, Clone, thiserror::Error)]
pub(crate) enum Problem {
    #[error(transparent)]
    Recipient(#[from] Arc<RecipientError>),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Compose(#[from] ComposeError),
    /// An address header left without an address because its column is empty on this row.
    #[error("{}", t!(
        "pipeline-empty-address",
        at = at.to_string(),
        header = header.as_str(),
        line = *line,
        count = columns.len(),
        columns = columns.iter().map(|c| t!("pipeline-column", column = c.as_str())).collect::<Vec<_>>().join(", ")
    ))]
    EmptyAddress {
        at: RowRef,
        header: String,
        line: usize,
        columns: Vec<String>,
    },
    #[error("{}", t!("pipeline-duplicate", at = at.to_string(), first = first.line, key = key.as_str()))]
    Duplicate {
        at: RowRef,
        first: RowRef,
        key: String,
    },
    /// Every address of the row's message is on the suppression list: it is not sent.
    #[error("{}", t!(
        "pipeline-suppressed",
        at = at.to_string(),
        left_out = left_out.iter().map(|(address, why)| t!("pipeline-suppressed-why", address = address.as_str(), why = why.to_string())).collect::<Vec<_>>().join("; ")
    ))]
    Suppressed {
        at: RowRef,
        /// Each address, and why it is listed.
        left_out: Vec<(String, crate::i18n::Said)>,
    },
    /// The temporary files that find duplicates failed: no row after it is checked.
    #[error(transparent)]
    DuplicateIndex(Arc<DuplicateIndexError>),
}

impl Problem {
    /// The row concerned; `None` when the whole list is unreadable.
    pub(crate) fn row(&self) -> Option<&RowRef> {
        match self {
            Self::Recipient(error) => error.row(),
            Self::Render(error) => Some(error.row()),
            Self::Compose(error) => Some(error.row()),
            Self::EmptyAddress { at, .. }
            | Self::Duplicate { at, .. }
            | Self::Suppressed { at, .. } => Some(at),
            Self::DuplicateIndex(_) => None,
        }
    }

    /// The mistake itself, whatever row it is on: the same for a placeholder `From:` line
    /// or an empty column on every row, different for different data.
    pub(crate) fn cause(&self) -> String {
        let text = self.to_string();
        match self.row() {
            Some(row) => text.replace(&row.to_string(), ""),
            None => text,
        }
    }

    /// A warning lets the run go on (the duplicate is simply not sent twice).
    pub(crate) fn is_warning(&self) -> bool {
        matches!(self, Self::Duplicate { .. })
    }

    /// A row left out on purpose, its addresses having bounced for good: neither an error
    /// nor a warning.
    pub(crate) fn is_suppressed(&self) -> bool {
        matches!(self, Self::Suppressed { .. })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::i18n::{Lang, audit, in_lang};

    fn at(line: u64) -> RowRef {
        RowRef {
            file: Arc::from(Path::new("liste.csv")),
            line,
        }
    }

    #[test]
    fn a_row_problem_is_said_in_both_languages() {
        let one = Problem::EmptyAddress {
            at: at(4),
            header: "To".into(),
            line: 2,
            columns: vec!["email".into()],
        };
        let two = Problem::EmptyAddress {
            at: at(4),
            header: "Cc".into(),
            line: 3,
            columns: vec!["adjoint".into(), "secretariat".into()],
        };
        let duplicate = Problem::Duplicate {
            at: at(9),
            first: at(2),
            key: "h.lefevre@ac-lille.fr".into(),
        };
        assert_eq!(
            one.to_string(),
            "liste.csv:4: header `To` (template line 2) has no address: the `email` column is empty on this row; fill it in, or give `--skip-invalid` to leave this row out"
        );
        assert_eq!(
            in_lang(Lang::Fr, || one.to_string()),
            "liste.csv:4\u{a0}: l'en-tête «\u{a0}To\u{a0}» (ligne 2 du modèle) n'a pas d'adresse\u{a0}: la colonne «\u{a0}email\u{a0}» est vide sur cette ligne\u{202f}; remplissez-la, ou donnez `--skip-invalid` pour laisser cette ligne de côté"
        );
        assert!(
            two.to_string()
                .contains("the columns `adjoint`, `secretariat` are empty on this row"),
            "{two}"
        );
        assert!(
            in_lang(Lang::Fr, || two.to_string()).contains(
                "les colonnes «\u{a0}adjoint\u{a0}», «\u{a0}secretariat\u{a0}» sont vides sur cette ligne\u{202f}; remplissez-les"
            ),
        );
        assert_eq!(
            in_lang(Lang::Fr, || duplicate.to_string()),
            "liste.csv:9\u{a0}: les mêmes destinataires qu'à la ligne 2 («\u{a0}h.lefevre@ac-lille.fr\u{a0}»)\u{202f}; ils reçoivent un seul message, sauf si vous donnez `--allow-duplicates`"
        );
        for problem in [&one, &two, &duplicate] {
            let french = in_lang(Lang::Fr, || problem.to_string());
            assert_eq!(
                audit::english_left(&french),
                Vec::<String>::new(),
                "{french}"
            );
        }
    }
}
