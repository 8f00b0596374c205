//! What opening a journal takes, decided once in `config` from the flags and the campaign:
//! the journal knows nothing of the command line.

use std::path::PathBuf;

use super::Resend;

/// How a `send` run opens its journal.
#[derive(Debug, Clone)]
pub(crate) struct JournalOptions {
    /// A file, or a shared `postgres://` journal (whose `?lease=` says how long a sender's
    /// claims outlive its last sign of life).
    pub place: PathBuf,
    /// The campaign's `id`: a shared journal holds several campaigns.
    pub campaign: String,
    /// Which recipients of earlier runs are sent again.
    pub resend: Resend,
    /// Go on though the template or an attachment changed after part of the campaign went.
    pub new_revision: bool,
}

/// The journals `status` and `report` read, and the campaign they are about.
#[derive(Debug, Clone)]
pub(crate) struct JournalsRead {
    pub places: Vec<PathBuf>,
    /// The campaign's `id`, when there is a campaign here; a shared journal may also name
    /// it in its URL (`?campaign=ID`).
    pub campaign: Option<String>,
}
