//! The review lock: `send --reviewed DIR` sends only the plan previewed in `DIR`. The plan is
//! computed again and compared with `DIR/manifest.json`: the same campaign revision, and the
//! same messages (by recipients, each with the same hash, Date aside). Anything else is a
//! [`ReviewMismatch`] that names what changed: the template's lines, and for each message
//! changed the first line of its text that differs (read in the message's source, see
//! [`super::source`]).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use super::approval::Approval;
use super::manifest::{self, CampaignFiles, FORMAT, Manifest, ManifestEntry, PlanEntry};
use super::source::Readable;
use crate::compose::Outgoing;
use crate::error::RunError;
use crate::pipeline::Pipeline;

/// A preview folder read back.
#[derive(Debug)]
pub(crate) struct Review {
    dir: PathBuf,
    manifest: Manifest,
    /// The fingerprint of `manifest.json`'s bytes, which an approval names.
    plan: String,
}

/// Why a preview folder cannot serve as the reviewed plan.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReviewError {
    #[error(
        "{}",
        t!(
            "review-missing",
            dir = dir.display().to_string(),
            file = manifest::FILE
        )
    )]
    Missing { dir: PathBuf },
    #[error(
        "{}",
        t!(
            "review-unreadable",
            path = path.display().to_string(),
            reason = reason.to_string(),
            dir = dir.display().to_string()
        )
    )]
    Unreadable {
        path: PathBuf,
        dir: PathBuf,
        reason: Unreadable,
    },
    #[error(
        "{}",
        t!(
            "review-format",
            dir = dir.display().to_string(),
            found = found.to_string(),
            reads = FORMAT.to_string()
        )
    )]
    Format { dir: PathBuf, found: u32 },
}

/// Why a manifest cannot be read: the system's words, or the JSON reader's.
#[derive(Debug)]
pub(crate) enum Unreadable {
    Io(std::io::Error),
    Json(serde_json::Error),
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(error) => f.write_str(&crate::i18n::system(error)),
            Self::Json(error) => f.write_str(&t!("review-not-json", said = error.to_string())),
        }
    }
}

impl Review {
    pub(crate) fn load(dir: &Path) -> Result<Self, ReviewError> {
        let path = dir.join(manifest::FILE);
        if !path.is_file() {
            return Err(ReviewError::Missing {
                dir: dir.to_path_buf(),
            });
        }
        let unreadable = |reason: Unreadable| ReviewError::Unreadable {
            path: path.clone(),
            dir: dir.to_path_buf(),
            reason,
        };
        let bytes = std::fs::read(&path).map_err(|e| unreadable(Unreadable::Io(e)))?;
        let format = serde_json::from_slice::<serde_json::Value>(&bytes)
            .map_err(|e| unreadable(Unreadable::Json(e)))?
            .get("format")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(1);
        if format != u64::from(FORMAT) {
            return Err(ReviewError::Format {
                dir: dir.to_path_buf(),
                found: u32::try_from(format).unwrap_or(u32::MAX),
            });
        }
        let manifest: Manifest =
            serde_json::from_slice(&bytes).map_err(|e| unreadable(Unreadable::Json(e)))?;
        Ok(Self {
            dir: dir.to_path_buf(),
            manifest,
            plan: super::approval::fingerprint(&bytes),
        })
    }

    /// The fingerprint of the plan, as an approval names it.
    pub(crate) fn plan(&self) -> &str {
        &self.plan
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The reviewed message with this number.
    pub(crate) fn message(&self, number: usize) -> Option<&ManifestEntry> {
        self.manifest
            .messages
            .get(number.checked_sub(1)?)
            .filter(|entry| entry.number == number)
            .or_else(|| self.manifest.messages.iter().find(|e| e.number == number))
    }

    /// Compares the plan about to be sent with the reviewed one; `texts` holds what a person
    /// reads of some messages about to be sent, by fingerprint, to name their changed line.
    pub(crate) fn check(
        &self,
        campaign: &str,
        revision: &str,
        files: &CampaignFiles,
        plan: &[PlanEntry],
        texts: &HashMap<String, Readable>,
    ) -> Result<(), Box<ReviewMismatch>> {
        let head = &self.manifest.head;
        let mut mismatch = ReviewMismatch {
            dir: self.dir.clone(),
            ..ReviewMismatch::default()
        };
        if head.campaign != campaign {
            mismatch.campaign = Some((head.campaign.clone(), campaign.to_string()));
        }
        if head.files.template.sha256 != files.template.sha256 {
            mismatch.template = Some(files.template.name.clone());
        }
        for file in &files.attachments {
            match head.files.attachments.iter().find(|f| f.name == file.name) {
                None => mismatch.files.push((file.name.clone(), FileChange::Added)),
                Some(old) if old.sha256 != file.sha256 => {
                    mismatch
                        .files
                        .push((file.name.clone(), FileChange::Changed));
                }
                Some(_) => {}
            }
        }
        for old in &head.files.attachments {
            if !files.attachments.iter().any(|f| f.name == old.name) {
                mismatch.files.push((old.name.clone(), FileChange::Removed));
            }
        }
        mismatch.revision_only =
            head.revision != revision && mismatch.template.is_none() && mismatch.files.is_empty();
        self.compare_messages(plan, texts, &mut mismatch);
        if mismatch.is_empty() {
            Ok(())
        } else {
            Err(Box::new(mismatch))
        }
    }

    /// Pairs the messages by recipients: same hash is unchanged, different is changed, the
    /// rest is added or removed.
    fn compare_messages(
        &self,
        plan: &[PlanEntry],
        texts: &HashMap<String, Readable>,
        mismatch: &mut ReviewMismatch,
    ) {
        let mut reviewed: HashMap<&str, Vec<&ManifestEntry>> = HashMap::new();
        for entry in &self.manifest.messages {
            reviewed
                .entry(entry.plan.key.as_str())
                .or_default()
                .push(entry);
        }
        let mut unmatched = Vec::new();
        for entry in plan {
            let same = reviewed.get_mut(entry.key.as_str()).and_then(|olds| {
                let index = olds
                    .iter()
                    .position(|old| old.plan.sha256 == entry.sha256)?;
                Some(olds.swap_remove(index))
            });
            if same.is_none() {
                unmatched.push(entry);
            }
        }
        for entry in unmatched {
            match reviewed
                .get_mut(entry.key.as_str())
                .and_then(std::vec::Vec::pop)
            {
                Some(old) => mismatch.changed.push(Changed {
                    what: self.differences(old, entry, texts),
                    entry: entry.clone(),
                }),
                None => mismatch.added.push(entry.clone()),
            }
        }
        for entry in &self.manifest.messages {
            let left = reviewed.get_mut(entry.plan.key.as_str()).and_then(|olds| {
                let index = olds.iter().position(|old| old.plan.row == entry.plan.row)?;
                Some(olds.swap_remove(index))
            });
            if let Some(old) = left {
                mismatch.removed.push(old.plan.clone());
            }
        }
    }

    /// How a reviewed message and the one about to go differ, with the first line of its
    /// text that does when both texts are at hand.
    fn differences(
        &self,
        old: &ManifestEntry,
        new: &PlanEntry,
        texts: &HashMap<String, Readable>,
    ) -> Vec<Difference> {
        let mut what = differences(&old.plan, new);
        let Some(now) = texts.get(&new.sha256) else {
            return what;
        };
        let was = old.source.as_ref().and_then(|source| {
            let source = std::fs::read(self.dir.join(source)).ok()?;
            Readable::of_source(&self.dir, &source)
        });
        let Some(was) = was else {
            return what;
        };
        let mut found: Vec<Difference> = was
            .first_difference(now)
            .map(|change| Difference::Line(now.part, change))
            .into_iter()
            .collect();
        // Files named with their sizes already need no more words.
        let sized = what
            .iter()
            .any(|d| matches!(d, Difference::Attachments(..)));
        if !sized {
            let files = was.changed_files(now).into_iter();
            found.extend(files.map(|name| Difference::File(name.to_string())));
        }
        if !found.is_empty() {
            what.retain(|d| *d != Difference::Content);
            what.extend(found);
        }
        what
    }
}

/// `send --reviewed DIR`: collects the plan during the send's first pass, then compares it.
/// `missive approve DIR` compares the same way before it approves.
#[derive(Debug)]
pub(crate) struct ReviewLock {
    review: Review,
    plan: Vec<PlanEntry>,
    /// The reviewer's approval of the folder's plan; `None` while it is being approved.
    approval: Option<Approval>,
    /// The fingerprints of the reviewed messages.
    reviewed: HashSet<String>,
    /// What a person reads of the first messages not among those, by fingerprint.
    texts: HashMap<String, Readable>,
}

/// Messages whose text is kept to name their changed line: more than are named, since some
/// may be new rather than changed.
const TEXTS_KEPT: usize = 32;

impl ReviewLock {
    /// The lock of a send: the folder's plan, approved by its reviewer.
    pub(crate) fn open(dir: &Path) -> Result<Self, RunError> {
        let review = Review::load(dir)?;
        let approval = Approval::required(dir, review.plan())?;
        Ok(Self::of(review, Some(approval)))
    }

    fn of(review: Review, approval: Option<Approval>) -> Self {
        let reviewed = review
            .manifest
            .messages
            .iter()
            .map(|entry| entry.plan.sha256.clone())
            .collect();
        Self {
            review,
            plan: Vec::new(),
            approval,
            reviewed,
            texts: HashMap::new(),
        }
    }

    /// The lock of an approval: the folder's plan, not approved yet (or to approve again).
    pub(crate) fn to_approve(dir: &Path) -> Result<Self, RunError> {
        Ok(Self::of(Review::load(dir)?, None))
    }

    /// The reviewer's approval the send relies on.
    pub(crate) fn approval(&self) -> Option<&Approval> {
        self.approval.as_ref()
    }

    /// The fingerprint of the folder's plan.
    pub(crate) fn plan(&self) -> &str {
        self.review.plan()
    }

    /// Notes one item of the plan: every message counts, sent already or not.
    pub(crate) fn record(&mut self, message: &Outgoing) {
        let entry = PlanEntry::of(message);
        if self.texts.len() < TEXTS_KEPT
            && !self.reviewed.contains(&entry.sha256)
            && let Some(text) = Readable::of(&message.bytes.contiguous())
        {
            self.texts.insert(entry.sha256.clone(), text);
        }
        self.plan.push(entry);
    }

    /// Refuses, naming what changed, unless the plan is the one reviewed; returns how many
    /// messages were checked, and the preview's folder.
    pub(crate) fn check(self, pipeline: &Pipeline) -> Result<(usize, PathBuf), RunError> {
        let approving = self.approval.is_none();
        self.review
            .check(
                &pipeline.campaign.id,
                &pipeline.revision(),
                &CampaignFiles::of(pipeline),
                &self.plan,
                &self.texts,
            )
            .map_err(|mut mismatch| {
                mismatch.approving = approving;
                if mismatch.template.is_some() {
                    let reviewed = &self.review.manifest.head.files.template.sha256;
                    if let Some(copy) = TemplateCopy::read(&self.review.dir, reviewed) {
                        let now = TemplateCopy::of(pipeline.template.file());
                        mismatch.template_lines = copy.changes(&now);
                    }
                }
                mismatch
            })?;
        Ok((self.plan.len(), self.review.dir))
    }
}

mod mismatch;
mod template_lines;
pub(crate) use mismatch::{Changed, FileChange, ReviewMismatch};
use mismatch::{Difference, differences};
pub(crate) use template_lines::TemplateCopy;

#[cfg(test)]
mod tests;
