//! The review lock: `send --reviewed DIR` sends only the plan previewed in `DIR`. The plan is
//! computed again and compared with `DIR/manifest.json`: the same campaign revision, and the
//! same messages (by recipients, each with the same hash, Date aside). Anything else is a
//! [`ReviewMismatch`] that names what changed.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::manifest::{self, CampaignFiles, FORMAT, Manifest, ManifestEntry, PlanEntry};
use crate::compose::Outgoing;
use crate::error::RunError;
use crate::pipeline::Pipeline;

/// A preview folder read back.
#[derive(Debug)]
pub(crate) struct Review {
    dir: PathBuf,
    manifest: Manifest,
}

/// Why a preview folder cannot serve as the reviewed plan.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReviewError {
    #[error(
        "`{}` holds no preview (no {}); write one with `missive preview --out {}` and have it reviewed",
        dir.display(), manifest::FILE, dir.display()
    )]
    Missing { dir: PathBuf },
    #[error("cannot read `{}`: {reason}; preview again with `missive preview --out {}`", path.display(), dir.display())]
    Unreadable {
        path: PathBuf,
        dir: PathBuf,
        reason: String,
    },
    #[error(
        "`{}` was written by another version of missive (manifest format {found}, this one reads {FORMAT}); preview again with `missive preview --out {}`",
        dir.display(), dir.display()
    )]
    Format { dir: PathBuf, found: u32 },
}

impl Review {
    pub(crate) fn load(dir: &Path) -> Result<Self, ReviewError> {
        let path = dir.join(manifest::FILE);
        if !path.is_file() {
            return Err(ReviewError::Missing {
                dir: dir.to_path_buf(),
            });
        }
        let unreadable = |reason: String| ReviewError::Unreadable {
            path: path.clone(),
            dir: dir.to_path_buf(),
            reason,
        };
        let bytes = std::fs::read(&path).map_err(|e| unreadable(e.to_string()))?;
        let format = serde_json::from_slice::<serde_json::Value>(&bytes)
            .map_err(|e| unreadable(e.to_string()))?
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
            serde_json::from_slice(&bytes).map_err(|e| unreadable(e.to_string()))?;
        Ok(Self {
            dir: dir.to_path_buf(),
            manifest,
        })
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
#[derive(Debug)]
pub(crate) struct ReviewLock {
    review: Review,
    plan: Vec<PlanEntry>,
}

impl ReviewLock {
    pub(crate) fn open(dir: &Path) -> Result<Self, RunError> {
        let review = Review::load(dir)?;
        Ok(Self {
            review,
            plan: Vec::new(),
        })
    }

    /// Notes one item of the plan: every message counts, sent already or not.
    pub(crate) fn record(&mut self, message: &Outgoing) {
        self.plan.push(PlanEntry::of(message));
    }

    /// Refuses, naming what changed, unless the plan is the one reviewed; returns how many
    /// messages were checked, and the preview's folder.
    pub(crate) fn check(self, pipeline: &Pipeline) -> Result<(usize, PathBuf), RunError> {
        self.review.check(
            &pipeline.campaign.id,
            &pipeline.revision(),
            &CampaignFiles::of(pipeline),
            &self.plan,
        )?;
        Ok((self.plan.len(), self.review.dir))
    }
}

/// How the reviewed message and the one about to go differ, in words.
fn differences(old: &PlanEntry, new: &PlanEntry) -> String {
    let mut what = Vec::new();
    if old.to != new.to {
        what.push(format!("To `{}` → `{}`", old.to, new.to));
    }
    if old.subject != new.subject {
        what.push(format!("subject `{}` → `{}`", old.subject, new.subject));
    }
    if old.attachments != new.attachments {
        what.push(format!(
            "attachments {} → {}",
            files_list(&old.attachments),
            files_list(&new.attachments)
        ));
    }
    if what.is_empty() {
        what.push("its text or an attached file's content".into());
    }
    what.join("; ")
}

fn files_list(files: &[(String, u64)]) -> String {
    if files.is_empty() {
        return "none".into();
    }
    files
        .iter()
        .map(|(name, size)| format!("`{name}` ({size} bytes)"))
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
    pub what: String,
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
        let dir = self.dir.display();
        writeln!(
            f,
            "the messages are not the ones reviewed in `{dir}`; nothing was sent:"
        )?;
        if let Some((old, new)) = &self.campaign {
            writeln!(f, "  - the campaign id changed: `{old}` → `{new}`")?;
        }
        if let Some(template) = &self.template {
            writeln!(f, "  - the template `{template}` changed")?;
        }
        for (name, change) in &self.files {
            let how = match change {
                FileChange::Added => "is new",
                FileChange::Removed => "is no longer attached",
                FileChange::Changed => "changed",
            };
            writeln!(f, "  - the attachment `{name}` {how}")?;
        }
        if self.revision_only {
            writeln!(f, "  - the campaign's revision changed")?;
        }
        let people = |f: &mut fmt::Formatter<'_>, label: &str, entries: &[&PlanEntry]| {
            if entries.is_empty() {
                return Ok(());
            }
            writeln!(f, "  - {} recipient(s) {label}:", entries.len())?;
            for entry in entries.iter().take(NAMED) {
                writeln!(f, "      {} ({})", shown(entry), entry.row)?;
            }
            if entries.len() > NAMED {
                writeln!(f, "      and {} more", entries.len() - NAMED)?;
            }
            Ok(())
        };
        people(f, "added", &self.added.iter().collect::<Vec<_>>())?;
        people(f, "removed", &self.removed.iter().collect::<Vec<_>>())?;
        if !self.changed.is_empty() {
            writeln!(f, "  - {} message(s) changed:", self.changed.len())?;
            for changed in self.changed.iter().take(NAMED) {
                writeln!(
                    f,
                    "      {} ({}): {}",
                    shown(&changed.entry),
                    changed.entry.row,
                    changed.what
                )?;
            }
            if self.changed.len() > NAMED {
                writeln!(f, "      and {} more", self.changed.len() - NAMED)?;
            }
        }
        write!(
            f,
            "preview again (`missive preview --out {dir}`), have it reviewed, then send with `--reviewed {dir}`"
        )
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
