//! The same finding on many rows, said once: with how many messages have it, the first
//! row, and where it comes from (the template line, or the data).

use std::path::PathBuf;

use super::Finding;
use crate::recipients::RowRef;
use crate::render::TemplateFile;

/// Distinct findings of one kind said one by one; beyond, they are counted. A link that
/// differs on every row would otherwise make 100,000 warnings.
const GROUPS_PER_KIND: usize = 10;

/// One warning and the messages that have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    /// The finding on its first row (its numbers are that row's).
    pub finding: Finding,
    pub first: RowRef,
    /// Messages with it.
    pub count: usize,
}

/// Where a warning comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    /// A line of the template.
    Template { path: PathBuf, line: usize },
    /// The data: its first row says where.
    Data,
}

impl Place {
    /// Where `finding` comes from in `template`: the line that holds what it names, the
    /// Subject line, or the body's first line; the data when the template holds none of it.
    pub(crate) fn of(finding: &Finding, template: &TemplateFile) -> Self {
        let line = if finding.is_about_subject() {
            template.header_line("subject")
        } else if let Finding::TooBig { .. } = finding {
            None
        } else if let Some(needle) = finding.needle() {
            template
                .body
                .lines()
                .position(|line| line.contains(needle))
                .map(|index| index + template.body_line)
                .or_else(|| {
                    // `lang` and `<title>` are missing from the whole body.
                    matches!(finding, Finding::NoLang | Finding::NoTitle)
                        .then_some(template.body_line)
                })
        } else {
            Some(template.body_line)
        };
        match line {
            Some(line) => Self::Template {
                path: template.path.clone(),
                line,
            },
            None => Self::Data,
        }
    }
}

/// See the module documentation.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    groups: Vec<Group>,
    /// Findings beyond [`GROUPS_PER_KIND`] of their kind: (kind, messages).
    others: Vec<(&'static str, usize)>,
}

impl Tally {
    /// Counts the findings of the message of row `at`.
    pub(crate) fn add(&mut self, at: &RowRef, findings: &[super::Finding]) {
        for finding in findings {
            if let Some(group) = self.groups.iter_mut().find(|g| g.finding.same_as(finding)) {
                group.count += 1;
                continue;
            }
            let word = finding.word();
            let of_kind = self
                .groups
                .iter()
                .filter(|g| g.finding.word() == word)
                .count();
            if of_kind < GROUPS_PER_KIND {
                self.groups.push(Group {
                    finding: finding.clone(),
                    first: at.clone(),
                    count: 1,
                });
            } else if let Some((_, count)) = self.others.iter_mut().find(|(w, _)| *w == word) {
                *count += 1;
            } else {
                self.others.push((word, 1));
            }
        }
    }

    /// Each distinct warning, in the order first met.
    pub(crate) fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The kinds with more distinct warnings than are said one by one, and how many
    /// messages have those left unsaid.
    pub(crate) fn others(&self) -> &[(&'static str, usize)] {
        &self.others
    }

    /// How many warnings are said.
    pub(crate) fn len(&self) -> usize {
        self.groups.len() + self.others.len()
    }
}
