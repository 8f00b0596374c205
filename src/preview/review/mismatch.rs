//! What changed between the plan a reviewer saw and the plan now: said row by row, in the
//! run's language, when `send --reviewed` or `approve` refuses.

use std::fmt;
use std::path::PathBuf;

use super::super::manifest::PlanEntry;
use super::super::source::{LineChange, Part};
use super::template_lines::{self, TemplateLine, shortened};

/// How the reviewed message and the one about to go differ; said in words by [`Difference`].
pub(super) fn differences(old: &PlanEntry, new: &PlanEntry) -> Vec<Difference> {
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
    /// The first line of its text (or HTML, for a message without text) that differs.
    Line(Part, LineChange),
    /// An attached file, the same name, other bytes.
    File(String),
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
            Self::Line(part, LineChange { line, old, new }) => {
                let (old, new) = (shortened(old), shortened(new));
                match part {
                    Part::Text => t!("review-diff-text-line", line = *line, old = old, new = new),
                    Part::Html => t!("review-diff-html-line", line = *line, old = old, new = new),
                }
            }
            Self::File(name) => t!("review-diff-file-changed", name = name.as_str()),
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
    /// The template's lines that changed, when the preview kept the reviewed template.
    pub template_lines: Vec<TemplateLine>,
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
    pub(super) fn is_empty(&self) -> bool {
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
        self.write_files(f)?;
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
                file = self
                    .dir
                    .join(super::super::approval::FILE)
                    .display()
                    .to_string()
            )
        };
        write!(f, "{again}")
    }
}

impl ReviewMismatch {
    /// The points about the campaign's own files: its id, template (and its lines),
    /// attachments, revision.
    fn write_files(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((old, new)) = &self.campaign {
            point(
                f,
                &t!(
                    "review-mismatch-campaign",
                    old = old.as_str(),
                    new = new.as_str()
                ),
            )?;
        }
        if let Some(template) = &self.template {
            point(
                f,
                &t!("review-mismatch-template", template = template.as_str()),
            )?;
            for line in self.template_lines.iter().take(template_lines::NAMED) {
                writeln!(f, "      {line}")?;
            }
            if self.template_lines.len() > template_lines::NAMED {
                let more = self.template_lines.len() - template_lines::NAMED;
                writeln!(
                    f,
                    "      {}",
                    t!("review-mismatch-more-lines", count = more)
                )?;
            }
        }
        for (name, change) in &self.files {
            let name = name.as_str();
            point(
                f,
                &match change {
                    FileChange::Added => t!("review-mismatch-attachment-added", name = name),
                    FileChange::Removed => t!("review-mismatch-attachment-removed", name = name),
                    FileChange::Changed => t!("review-mismatch-attachment-changed", name = name),
                },
            )?;
        }
        if self.revision_only {
            point(f, &t!("review-mismatch-revision"))?;
        }
        Ok(())
    }
}

/// One point of the list.
fn point(f: &mut fmt::Formatter<'_>, said: &str) -> fmt::Result {
    writeln!(f, "  - {said}")
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
