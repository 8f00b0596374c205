//! Why a preview cannot be written, or a message of it cannot be given.

use std::path::PathBuf;

use crate::recipients::RowRef;

/// See the module documentation.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PreviewError {
    #[error(
        "{}: the folder exists and is not an earlier preview; choose another with `--out DIR`",
        out.display()
    )]
    NotAPreview { out: PathBuf },
    #[error("{at}: the composed message cannot be read back; please report this")]
    Unreadable { at: RowRef },
    #[error(
        "the preview in `{}` has {count} message(s), none numbered {number}; the numbers are those of its list",
        dir.display()
    )]
    NoSuchMessage {
        dir: PathBuf,
        number: usize,
        count: usize,
    },
    #[error(
        "message n° {number} ({to}) is no longer the one reviewed in `{}`: the list, the template or an attachment changed; preview again with `missive preview --out {}`",
        dir.display(),
        dir.display()
    )]
    NoLongerReviewed {
        number: usize,
        to: String,
        dir: PathBuf,
    },
    #[error(
        "row `{row}` of message n° {number} is no longer in the list; preview again with `missive preview --out {}`",
        dir.display()
    )]
    RowGone {
        row: String,
        number: usize,
        dir: PathBuf,
    },
    #[error("message n° {number} cannot be composed: {problem}")]
    CannotCompose {
        number: usize,
        problem: Box<crate::pipeline::Problem>,
    },
}
