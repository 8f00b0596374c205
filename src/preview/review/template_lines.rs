//! `template.json`: the template as previewed, so that a send refused because the template
//! changed names the lines that did ("template line 10: `…` became `…`") rather than only
//! the file.

use std::path::Path;

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::render::TemplateFile;

pub(crate) const FILE: &str = "template.json";

/// Lines named one by one; more are counted.
pub(super) const NAMED: usize = 10;

/// The template's headers and body as missive read them, and where its body starts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct TemplateCopy {
    pub headers: String,
    pub body: String,
    /// The file line on which the body starts.
    pub body_line: usize,
}

/// One line of the template that changed since the review; numbered as in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TemplateLine {
    Changed {
        line: usize,
        old: String,
        new: String,
    },
    Added {
        line: usize,
        new: String,
    },
    /// Numbered as in the reviewed template.
    Removed {
        line: usize,
        old: String,
    },
}

impl TemplateCopy {
    pub(crate) fn of(file: &TemplateFile) -> Self {
        Self {
            headers: file.headers.clone(),
            body: file.body.clone(),
            body_line: file.body_line,
        }
    }

    pub(crate) fn write(&self, dir: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string(self).map_err(std::io::Error::other)?;
        std::fs::write(dir.join(FILE), text)
    }

    /// The reviewed template of the preview `dir`, when it holds the one whose hash the
    /// manifest recorded (`sha256`); `None` otherwise (a preview of an earlier missive).
    pub(super) fn read(dir: &Path, sha256: &str) -> Option<Self> {
        let copy: Self = serde_json::from_slice(&std::fs::read(dir.join(FILE)).ok()?).ok()?;
        (copy.sha256() == sha256).then_some(copy)
    }

    /// The hash the manifest gives the template (see `CampaignFiles::of`).
    pub(crate) fn sha256(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        hash.update(self.headers.as_bytes());
        hash.update(b"\0");
        hash.update(self.body.as_bytes());
        crate::compose::hex(&hash.finalize())
    }

    /// The file's lines with their numbers (the blank line between headers and body aside).
    fn lines(&self) -> Vec<(usize, &str)> {
        let headers = self.headers.lines().enumerate().map(|(i, l)| (i + 1, l));
        let body = self
            .body
            .lines()
            .enumerate()
            .map(|(i, l)| (self.body_line + i, l));
        headers.chain(body).collect()
    }

    /// The lines that differ in `now`, in the order of the file.
    pub(crate) fn changes(&self, now: &Self) -> Vec<TemplateLine> {
        let (old, new) = (self.lines(), now.lines());
        let old_text: Vec<&str> = old.iter().map(|(_, l)| *l).collect();
        let new_text: Vec<&str> = new.iter().map(|(_, l)| *l).collect();
        let mut changes = Vec::new();
        for op in capture_diff_slices(Algorithm::Myers, &old_text, &new_text) {
            let (_, olds, news) = op.as_tag_tuple();
            if matches!(op, DiffOp::Equal { .. }) {
                continue;
            }
            let (olds, news) = (&old[olds], &new[news]);
            let paired = olds.len().min(news.len());
            for ((_, was), (line, is)) in olds.iter().zip(news) {
                changes.push(TemplateLine::Changed {
                    line: *line,
                    old: (*was).to_string(),
                    new: (*is).to_string(),
                });
            }
            for (line, is) in &news[paired..] {
                changes.push(TemplateLine::Added {
                    line: *line,
                    new: (*is).to_string(),
                });
            }
            for (line, was) in &olds[paired..] {
                changes.push(TemplateLine::Removed {
                    line: *line,
                    old: (*was).to_string(),
                });
            }
        }
        changes
    }
}

impl std::fmt::Display for TemplateLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let said = match self {
            Self::Changed { line, old, new } => t!(
                "review-template-line-changed",
                line = *line,
                old = shortened(old),
                new = shortened(new)
            ),
            Self::Added { line, new } => {
                t!(
                    "review-template-line-added",
                    line = *line,
                    new = shortened(new)
                )
            }
            Self::Removed { line, old } => {
                t!(
                    "review-template-line-removed",
                    line = *line,
                    old = shortened(old)
                )
            }
        };
        f.write_str(&said)
    }
}

/// A line as quoted in a refusal: its first 100 characters, trimmed.
pub(super) fn shortened(line: &str) -> String {
    const LONGEST: usize = 100;
    let line = line.trim();
    if line.chars().count() <= LONGEST {
        line.to_string()
    } else {
        format!("{}…", line.chars().take(LONGEST).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(headers: &str, body: &str) -> TemplateCopy {
        TemplateCopy {
            headers: headers.into(),
            body: body.into(),
            body_line: headers.lines().count() + 2,
        }
    }

    #[test]
    fn changed_added_and_removed_lines_are_numbered_as_in_the_file() {
        let old = copy(
            "From: ien@ac-lille.fr\nSubject: Rentrée\n",
            "Madame,\nla réunion est lundi.\nà bientôt\nCordialement\n",
        );
        let new = copy(
            "From: ien@ac-lille.fr\nSubject: Rentrée\n",
            "Madame,\nla réunion est mardi.\nà bientôt\nCordialement\nPS : merci\n",
        );
        assert_eq!(
            old.changes(&new),
            [
                TemplateLine::Changed {
                    line: 5,
                    old: "la réunion est lundi.".into(),
                    new: "la réunion est mardi.".into()
                },
                TemplateLine::Added {
                    line: 8,
                    new: "PS : merci".into()
                },
            ]
        );
        let shorter = copy(
            "From: ien@ac-lille.fr\nSubject: Rentrée\n",
            "Madame,\nla réunion est lundi.\nCordialement\n",
        );
        assert_eq!(
            old.changes(&shorter),
            [TemplateLine::Removed {
                line: 6,
                old: "à bientôt".into()
            }]
        );
        assert!(old.changes(&old).is_empty());
    }

    #[test]
    fn a_copy_is_read_back_only_when_it_is_the_reviewed_template() {
        let dir = tempfile::tempdir().expect("temp dir");
        let reviewed = copy("Subject: x\n", "Bonjour\n");
        reviewed.write(dir.path()).expect("written");
        assert_eq!(
            TemplateCopy::read(dir.path(), &reviewed.sha256()),
            Some(reviewed.clone())
        );
        let other = copy("Subject: x\n", "Bonsoir\n");
        assert_eq!(TemplateCopy::read(dir.path(), &other.sha256()), None);
    }

    #[test]
    fn a_long_line_is_shortened() {
        let long = "a".repeat(150);
        assert_eq!(shortened(&long).chars().count(), 101);
        assert_eq!(shortened("  court  "), "court");
    }
}
