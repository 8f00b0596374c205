//! Where a campaign's records are: its journal (`--journal`, `--shard`, the default in its
//! folder) and the suppression list (campaign.toml's, else the user's).

use std::path::{Path, PathBuf};

use super::{CAMPAIGN_FILE, Campaign, ConfigError, parent_of, read_campaign_file};
use crate::cli::{Common, SendArgs};
use crate::journal::{JournalOptions, JournalsRead, Resend};

/// The journal: `--journal`, or `.missive/journal.sqlite` in `root_folder` (a shard's
/// own file with `--shard`).
pub(super) fn journal_place(common: &Common, root_folder: &Path) -> Result<PathBuf, ConfigError> {
    Ok(match (common.journal.as_slice(), common.shard) {
        ([], None) => root_folder.join(crate::journal::DEFAULT_PATH),
        ([], Some(shard)) => root_folder
            .join(crate::journal::DEFAULT_PATH)
            .with_file_name(shard.journal_file_name()),
        ([one], _) => one.clone(),
        (many, _) => {
            return Err(ConfigError::JournalTwice { count: many.len() });
        }
    })
}

/// The suppression list of the campaign file `file` (else ./campaign.toml when it exists):
/// its `suppression_list`, else `suppressed.csv` beside the profiles' config.toml.
pub(crate) fn suppression_list(file: Option<&Path>) -> Result<Option<PathBuf>, ConfigError> {
    let file = file
        .map(Path::to_path_buf)
        .or_else(|| Some(PathBuf::from(CAMPAIGN_FILE)).filter(|p| p.is_file()));
    if let Some(file) = file {
        let parsed = read_campaign_file(&file)?;
        if let Some(list) = parsed.suppression_list {
            return Ok(Some(parent_of(&file).join(list)));
        }
    }
    Ok(crate::suppression::default_path())
}

/// The journals `status` and `report` read: every `--journal`, or the campaign's default;
/// and the campaign's `id` when there is a campaign here.
pub(crate) fn journals_read(common: &Common) -> Result<JournalsRead, ConfigError> {
    if common.journal.is_empty() {
        let campaign = Campaign::resolve(common)?;
        return Ok(JournalsRead {
            places: vec![campaign.journal],
            campaign: Some(campaign.id),
        });
    }
    Ok(JournalsRead {
        places: common.journal.clone(),
        campaign: Campaign::resolve(common).ok().map(|campaign| campaign.id),
    })
}

/// How `send` opens the campaign's journal.
pub(crate) fn send_journal(args: &SendArgs, campaign: &Campaign) -> JournalOptions {
    JournalOptions {
        place: campaign.journal.clone(),
        campaign: campaign.id.clone(),
        resend: Resend {
            failed: args.retry_failed,
            uncertain: args.retry_uncertain,
        },
        new_revision: args.new_revision,
    }
}
