//! Why a preview cannot be written, or a message of it cannot be given.

use std::path::PathBuf;

use crate::recipients::RowRef;

/// See the module documentation.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PreviewError {
    #[error("{}", t!("review-not-a-preview", out = out.display().to_string()))]
    NotAPreview { out: PathBuf },
    #[error("{}", t!("review-unreadable-message", at = at.to_string()))]
    Unreadable { at: RowRef },
    #[error(
        "{}",
        t!(
            "review-no-such-message",
            dir = dir.display().to_string(),
            count = *count,
            number = number.to_string()
        )
    )]
    NoSuchMessage {
        dir: PathBuf,
        number: usize,
        count: usize,
    },
    #[error(
        "{}",
        t!(
            "review-no-longer-reviewed",
            number = number.to_string(),
            to = to.as_str(),
            dir = dir.display().to_string()
        )
    )]
    NoLongerReviewed {
        number: usize,
        to: String,
        dir: PathBuf,
    },
    #[error(
        "{}",
        t!(
            "review-row-gone",
            row = row.as_str(),
            number = number.to_string(),
            dir = dir.display().to_string()
        )
    )]
    RowGone {
        row: String,
        number: usize,
        dir: PathBuf,
    },
    #[error(
        "{}",
        t!(
            "review-cannot-compose",
            number = number.to_string(),
            problem = problem.to_string()
        )
    )]
    CannotCompose {
        number: usize,
        problem: Box<crate::pipeline::Problem>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, in_lang};

    #[test]
    fn a_preview_error_is_said_in_both_languages() {
        let error = PreviewError::NoSuchMessage {
            dir: "revue".into(),
            number: 5000,
            count: 1100,
        };
        assert_eq!(
            error.to_string(),
            "the preview in `revue` has 1,100 messages, none numbered 5000; the numbers are those of its list"
        );
        assert_eq!(
            in_lang(Lang::Fr, || error.to_string()),
            "l'aperçu de «\u{a0}revue\u{a0}» compte 1\u{202f}100 messages, aucun ne porte le numéro 5000\u{202f}; \
             les numéros sont ceux de sa liste"
        );
        let stale = PreviewError::NoLongerReviewed {
            number: 1048,
            to: "Autre <n1048@ac-lille.fr>".into(),
            dir: "revue".into(),
        };
        let french = in_lang(Lang::Fr, || stale.to_string());
        assert!(
            french.starts_with(
                "le message n° 1048 («\u{a0}Autre <n1048@ac-lille.fr>\u{a0}») n'est plus celui relu"
            ),
            "{french}"
        );
        assert!(
            crate::i18n::audit::english_left(&french).is_empty(),
            "{french}"
        );
    }
}
