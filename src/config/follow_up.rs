//! `follow_up = "PATH"` in campaign.toml: the earlier campaign this one follows up (its
//! reminders thread under that campaign's messages), and what reading that campaign may
//! refuse, in words that name the line of campaign.toml and say what to do.

use std::path::{Path, PathBuf};

use super::campaign_file::CampaignFile;
use crate::journal::JournalError;

/// The earlier campaign, as campaign.toml names it.
#[derive(Debug, Clone)]
pub(crate) struct FollowUp {
    /// Its folder: `written`, relative to campaign.toml's folder unless absolute.
    pub folder: PathBuf,
    /// As campaign.toml writes it.
    pub written: PathBuf,
    /// campaign.toml, and the line of `follow_up` in it.
    pub file: PathBuf,
    pub line: usize,
}

impl FollowUp {
    /// The `follow_up` of `parsed`, read from `file` (none without one), resolved against
    /// `base`, the folder of `file`.
    pub(super) fn named(
        file: Option<&Path>,
        parsed: &mut CampaignFile,
        base: &Path,
    ) -> Option<Self> {
        let written = parsed.follow_up.take()?.into_inner();
        Some(Self {
            folder: base.join(&written),
            written,
            file: file?.to_path_buf(),
            line: parsed.follow_up_line,
        })
    }

    /// The configuration error `problem` gives, naming the line of campaign.toml.
    pub(crate) fn refused(&self, problem: FollowUpProblem) -> super::ConfigError {
        super::ConfigError::FollowUp {
            file: self.file.clone(),
            line: self.line,
            written: self.written.display().to_string(),
            problem: Box::new(problem),
        }
    }
}

/// Why the earlier campaign cannot be followed up.
#[derive(Debug, thiserror::Error)]
pub(crate) enum FollowUpProblem {
    #[error("{}", t!("config-follow-up-no-folder", folder = folder.display().to_string()))]
    NoFolder { folder: PathBuf },
    #[error(
        "{}",
        t!(
            "config-follow-up-no-journal",
            folder = folder.display().to_string(),
            journal = journal.display().to_string(),
        )
    )]
    NoJournal { folder: PathBuf, journal: PathBuf },
    #[error("{}", t!("config-follow-up-itself"))]
    Itself,
    #[error("{}", t!("config-follow-up-journal", error = .0.to_string()))]
    Journal(#[from] JournalError),
}
