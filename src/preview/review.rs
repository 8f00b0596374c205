//! The review lock: `send --reviewed DIR` sends only the plan previewed in `DIR`. The plan is
//! computed again and compared with `DIR/manifest.json`: the same campaign revision, and the
//! same messages (by recipients, each with the same hash, Date aside). Anything else is a
//! [`ReviewMismatch`] that names what changed.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::approval::Approval;
use super::manifest::{self, CampaignFiles, FORMAT, Manifest, ManifestEntry, PlanEntry};
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

    /// Compares the plan about to be sent with the reviewed one.
    pub(crate) fn check(
        &self,
        campaign: &str,
        revision: &str,
        files: &CampaignFiles,
        plan: &[PlanEntry],
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
        self.compare_messages(plan, &mut mismatch);
        if mismatch.is_empty() {
            Ok(())
        } else {
            Err(Box::new(mismatch))
        }
    }

    /// Pairs the messages by recipients: same hash is unchanged, different is changed, the
    /// rest is added or removed.
    fn compare_messages(&self, plan: &[PlanEntry], mismatch: &mut ReviewMismatch) {
        let mut reviewed: HashMap<&str, Vec<&PlanEntry>> = HashMap::new();
        for entry in &self.manifest.messages {
            reviewed
                .entry(entry.plan.key.as_str())
                .or_default()
                .push(&entry.plan);
        }
        let mut unmatched = Vec::new();
        for entry in plan {
            let same = reviewed.get_mut(entry.key.as_str()).and_then(|olds| {
                let index = olds.iter().position(|old| old.sha256 == entry.sha256)?;
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
                    what: differences(old, entry),
                    entry: entry.clone(),
                }),
                None => mismatch.added.push(entry.clone()),
            }
        }
        for entry in &self.manifest.messages {
            let left = reviewed.get_mut(entry.plan.key.as_str()).and_then(|olds| {
                let index = olds.iter().position(|old| old.row == entry.plan.row)?;
                Some(olds.swap_remove(index))
            });
            if let Some(old) = left {
                mismatch.removed.push(old.clone());
            }
        }
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
}

impl ReviewLock {
    /// The lock of a send: the folder's plan, approved by its reviewer.
    pub(crate) fn open(dir: &Path) -> Result<Self, RunError> {
        let review = Review::load(dir)?;
        let approval = Approval::required(dir, review.plan())?;
        Ok(Self {
            review,
            plan: Vec::new(),
            approval: Some(approval),
        })
    }

    /// The lock of an approval: the folder's plan, not approved yet (or to approve again).
    pub(crate) fn to_approve(dir: &Path) -> Result<Self, RunError> {
        Ok(Self {
            review: Review::load(dir)?,
            plan: Vec::new(),
            approval: None,
        })
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
        self.plan.push(PlanEntry::of(message));
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
            )
            .map_err(|mut mismatch| {
                mismatch.approving = approving;
                mismatch
            })?;
        Ok((self.plan.len(), self.review.dir))
    }
}

/// How the reviewed message and the one about to go differ; said in words by [`Difference`].
fn differences(old: &PlanEntry, new: &PlanEntry) -> Vec<Difference> {
    let mut what = Vec::new();
    if old.to != new.to {
        what.push(Difference::To(old.to.clone(), new.to.clone()));
    }
    if old.subject != new.subject {
        what.push(Difference::Subject(
            old.subject.clone(),
            new.subject.clone(),
        ));
    }
    if old.attachments != new.attachments {
        what.push(Difference::Attachments(
            old.attachments.clone(),
            new.attachments.clone(),
        ));
    }
    if what.is_empty() {
        what.push(Difference::Content);
    }
    what
}

/// One way a message differs from the one reviewed: before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Difference {
    To(String, String),
    Subject(String, String),
    /// Each attached file's name and size in bytes.
    Attachments(Vec<(String, u64)>, Vec<(String, u64)>),
    /// Neither of those: the text, or an attached file's bytes.
    Content,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let said = match self {
            Self::To(old, new) => t!("review-diff-to", old = old.as_str(), new = new.as_str()),
            Self::Subject(old, new) => {
                t!(
                    "review-diff-subject",
                    old = old.as_str(),
                    new = new.as_str()
                )
            }
            Self::Attachments(old, new) => t!(
                "review-diff-attachments",
                old = files_list(old),
                new = files_list(new)
            ),
            Self::Content => t!("review-diff-content"),
        };
        f.write_str(&said)
    }
}

fn files_list(files: &[(String, u64)]) -> String {
    if files.is_empty() {
        return t!("review-diff-no-file");
    }
    files
        .iter()
        .map(|(name, size)| t!("review-diff-file", name = name.as_str(), size = *size))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What differs between the reviewed plan and the one about to be sent.
#[derive(Debug, Default)]
pub(crate) struct ReviewMismatch {
    pub dir: PathBuf,
    /// The campaign id, reviewed and now.
    pub campaign: Option<(String, String)>,
    /// The template's path, when it changed.
    pub template: Option<String>,
    pub files: Vec<(String, FileChange)>,
    /// The revision differs though no file named here did (an older missive wrote it).
    pub revision_only: bool,
    pub added: Vec<PlanEntry>,
    pub removed: Vec<PlanEntry>,
    pub changed: Vec<Changed>,
    /// Found by `missive approve`: nothing is approved, rather than nothing sent.
    pub approving: bool,
}

impl std::error::Error for ReviewMismatch {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileChange {
    Added,
    Removed,
    Changed,
}

#[derive(Debug)]
pub(crate) struct Changed {
    pub entry: PlanEntry,
    pub what: Vec<Difference>,
}

/// Recipients named one by one; more are counted.
const NAMED: usize = 10;

impl ReviewMismatch {
    fn is_empty(&self) -> bool {
        self.campaign.is_none()
            && self.template.is_none()
            && self.files.is_empty()
            && !self.revision_only
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
    }
}

impl fmt::Display for ReviewMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dir = self.dir.display().to_string();
        let heading = if self.approving {
            t!("review-mismatch-approving", dir = dir.as_str())
        } else {
            t!("review-mismatch", dir = dir.as_str())
        };
        writeln!(f, "{heading}")?;
        let mut point = |said: String| writeln!(f, "  - {said}");
        if let Some((old, new)) = &self.campaign {
            point(t!(
                "review-mismatch-campaign",
                old = old.as_str(),
                new = new.as_str()
            ))?;
        }
        if let Some(template) = &self.template {
            point(t!("review-mismatch-template", template = template.as_str()))?;
        }
        for (name, change) in &self.files {
            let name = name.as_str();
            point(match change {
                FileChange::Added => t!("review-mismatch-attachment-added", name = name),
                FileChange::Removed => t!("review-mismatch-attachment-removed", name = name),
                FileChange::Changed => t!("review-mismatch-attachment-changed", name = name),
            })?;
        }
        if self.revision_only {
            point(t!("review-mismatch-revision"))?;
        }
        let added: Vec<(&PlanEntry, String)> =
            self.added.iter().map(|e| (e, String::new())).collect();
        let removed: Vec<(&PlanEntry, String)> =
            self.removed.iter().map(|e| (e, String::new())).collect();
        let changed: Vec<(&PlanEntry, String)> = self
            .changed
            .iter()
            .map(|changed| {
                let what: Vec<String> = changed.what.iter().map(ToString::to_string).collect();
                let separator = match crate::i18n::lang() {
                    crate::i18n::Lang::Fr => "\u{202f}; ",
                    crate::i18n::Lang::En => "; ",
                };
                (&changed.entry, format!(": {}", what.join(separator)))
            })
            .collect();
        for (entries, heading) in [
            (&added, t!("review-mismatch-added", count = added.len())),
            (
                &removed,
                t!("review-mismatch-removed", count = removed.len()),
            ),
            (
                &changed,
                t!("review-mismatch-changed", count = changed.len()),
            ),
        ] {
            if entries.is_empty() {
                continue;
            }
            writeln!(f, "  - {heading}")?;
            for (entry, what) in entries.iter().take(NAMED) {
                writeln!(
                    f,
                    "      {} ({}){}",
                    shown(entry),
                    entry.row,
                    punctuated(what)
                )?;
            }
            if entries.len() > NAMED {
                writeln!(
                    f,
                    "      {}",
                    t!("review-mismatch-more", count = entries.len() - NAMED)
                )?;
            }
        }
        let again = if self.approving {
            t!("review-mismatch-again-approving", dir = dir.as_str())
        } else {
            t!(
                "review-mismatch-again",
                dir = dir.as_str(),
                file = self.dir.join(super::approval::FILE).display().to_string()
            )
        };
        write!(f, "{again}")
    }
}

/// `: what changed` with the space French puts before its colon.
fn punctuated(what: &str) -> String {
    match what.strip_prefix(": ") {
        Some(rest) if crate::i18n::lang() == crate::i18n::Lang::Fr => format!("\u{a0}: {rest}"),
        _ => what.to_string(),
    }
}

fn shown(entry: &PlanEntry) -> &str {
    if entry.to.is_empty() {
        &entry.key
    } else {
        &entry.to
    }
}

#[cfg(test)]
mod tests;
