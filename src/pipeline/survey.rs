//! What a pass found, counted as it goes, and each row's fate told to the observer.

use std::collections::HashSet;

use super::{Item, RunError};
use crate::compose::InternationalAddress;
use crate::events::{Event, Notice, Observer, RowEvent, RowState};
use crate::lint::{Place, Tally};
use crate::render::TemplateFile;

/// See the module documentation.
#[derive(Debug, Default)]
pub(crate) struct Survey {
    pub messages: usize,
    pub bytes: u64,
    /// Distinct problems: the same mistake on many rows (a placeholder `From:` line, an
    /// empty column) counts once.
    pub errors: usize,
    /// Rows with a problem.
    pub broken_rows: usize,
    pub warnings: usize,
    /// Rows left out because `--skip-invalid` was given.
    pub skipped: usize,
    /// Rows left out because every address of theirs is on the suppression list, and
    /// addresses left out of messages that go to their other addresses.
    pub suppressed: usize,
    pub suppressed_addresses: usize,
    /// Addresses whose local part is beyond ASCII, each told as a warning: only a relay
    /// that offers SMTPUTF8 can carry them.
    pub needs_smtputf8: usize,
    /// Addresses whose domain goes out in its ASCII form, and the first of them.
    ascii_domains: usize,
    first_ascii_domain: Option<InternationalAddress>,
    causes: HashSet<String>,
    skip_invalid: bool,
    /// What makes messages land in spam or read badly, the same on many rows said once.
    content: Tally,
}

impl Survey {
    /// A survey; with `skip_invalid`, a broken row is left out rather than stopping the run.
    pub(crate) fn new(skip_invalid: bool) -> Self {
        Self {
            skip_invalid,
            ..Self::default()
        }
    }

    /// Counts one item and tells `observer` what became of its row; a ready message is
    /// told only when `ready_too` (a send tells its outcome instead).
    pub(crate) fn record<N>(
        &mut self,
        item: &Item<N>,
        observer: &mut dyn Observer,
        ready_too: bool,
    ) {
        match &item.content {
            Ok((message, _)) => {
                self.messages += 1;
                self.content.add(&message.at, &item.findings);
                for address in &message.international {
                    self.note(&message.at, address, observer);
                }
                for (address, why) in &message.suppressed {
                    self.suppressed_addresses += 1;
                    observer.event(&Event::Notice(&Notice::SuppressedAddress {
                        at: message.at.clone(),
                        address: address.clone(),
                        why: why.clone(),
                    }));
                }
                let bytes = message.bytes.len() as u64;
                self.bytes += bytes;
                if ready_too {
                    let address = message.envelope.to().first().map(ToString::to_string);
                    observer.event(&Event::Row(RowEvent {
                        at: Some(&message.at),
                        address: address.as_deref(),
                        state: RowState::Ready { bytes },
                    }));
                }
            }
            Err(problem) => {
                let state = if problem.is_suppressed() {
                    self.suppressed += 1;
                    RowState::Suppressed(problem)
                } else if problem.is_warning() {
                    self.warnings += 1;
                    RowState::Duplicate(problem)
                } else {
                    self.broken_rows += 1;
                    if self.causes.insert(problem.cause()) {
                        self.errors += 1;
                    }
                    if self.skip_invalid {
                        self.skipped += 1;
                        RowState::Skipped(problem)
                    } else {
                        RowState::Invalid(problem)
                    }
                };
                observer.event(&Event::Row(RowEvent {
                    at: problem.row(),
                    address: None,
                    state,
                }));
            }
        }
    }

    /// Tells [`Survey::suppressed_line`], when there is one.
    pub(crate) fn tell_suppressed(
        &self,
        list: Option<&crate::suppression::SuppressionList>,
        observer: &mut dyn crate::events::Observer,
    ) {
        if self.suppressed_line(list).is_some() {
            observer.tell(&|| self.suppressed_line(list).unwrap_or_default());
        }
    }

    /// What the suppression list left out, in one line (the rows and addresses are told
    /// above, one by one); `None` when it left nothing out.
    pub(crate) fn suppressed_line(
        &self,
        list: Option<&crate::suppression::SuppressionList>,
    ) -> Option<String> {
        let list = list?;
        if self.suppressed + self.suppressed_addresses == 0 {
            return None;
        }
        Some(suppressed_line(
            self.suppressed,
            self.suppressed_addresses,
            list.path(),
        ))
    }

    /// Tells an address beyond ASCII of a ready message: a warning when it needs SMTPUTF8,
    /// else counted for [`Survey::ascii_domains`].
    fn note(
        &mut self,
        at: &crate::recipients::RowRef,
        address: &InternationalAddress,
        observer: &mut dyn Observer,
    ) {
        if address.needs_smtputf8() {
            self.needs_smtputf8 += 1;
            observer.event(&Event::Notice(&Notice::NeedsSmtpUtf8 {
                at: at.clone(),
                header: address.header.clone(),
                line: address.line,
                column: address.column.clone(),
                address: address.written.clone(),
            }));
        } else {
            self.ascii_domains += 1;
            self.first_ascii_domain
                .get_or_insert_with(|| address.clone());
        }
    }

    /// After the pass: how many addresses go out with their domain in its ASCII form, if any.
    pub(crate) fn ascii_domains(&self) -> Option<Notice> {
        let first = self.first_ascii_domain.as_ref()?;
        Some(Notice::AsciiDomains {
            count: self.ascii_domains,
            written: first.written.clone(),
            sent: first.sent.clone(),
        })
    }

    /// After the pass: tells what makes messages land in spam or read badly, each warning
    /// once with how many messages have it and where it comes from in `template`. With
    /// `deny` (`--deny-warnings`), any warning of the pass, these or the rows', is then an
    /// error: nothing is sent.
    pub(crate) fn end_warnings(
        &self,
        template: &TemplateFile,
        observer: &mut dyn Observer,
        deny: bool,
    ) -> Result<(), RunError> {
        for group in self.content.groups() {
            observer.event(&Event::Notice(&Notice::Content {
                place: Place::of(&group.finding, template),
                finding: group.finding.clone(),
                first: group.first.clone(),
                count: group.count,
            }));
        }
        for &(kind, count) in self.content.others() {
            observer.event(&Event::Notice(&Notice::MoreContent { kind, count }));
        }
        let count = self.warning_count();
        if !deny || count == 0 {
            return Ok(());
        }
        let mut named: Vec<crate::error::Denied> = self
            .content
            .groups()
            .iter()
            .map(|group| crate::error::Denied::Content {
                name: group.finding.word(),
                messages: group.count,
            })
            .collect();
        named.extend(
            self.content
                .others()
                .iter()
                .map(|&(name, messages)| crate::error::Denied::MoreContent { name, messages }),
        );
        if self.warnings > 0 {
            named.push(crate::error::Denied::Duplicate {
                rows: self.warnings,
            });
        }
        if self.needs_smtputf8 > 0 {
            named.push(crate::error::Denied::NeedsSmtpUtf8 {
                addresses: self.needs_smtputf8,
            });
        }
        Err(RunError::DeniedWarnings { count, named })
    }

    /// The warnings of the pass: duplicate rows, addresses only some relays carry, and what
    /// makes messages land in spam or read badly (each distinct one once).
    pub(crate) fn warning_count(&self) -> usize {
        self.warnings + self.needs_smtputf8 + self.content.len()
    }

    /// Whether broken rows are left out rather than stopping the run.
    pub(crate) fn skips_invalid(&self) -> bool {
        self.skip_invalid
    }

    /// Whether broken rows stop the run: there are some, and they are not to be skipped.
    pub(crate) fn blocks(&self) -> bool {
        self.broken_rows > 0 && !self.skip_invalid
    }
}

/// What the suppression list left out, in one line: `rows` rows and `addresses` addresses of
/// other rows, on the list at `list`.
fn suppressed_line(rows: usize, addresses: usize, list: &std::path::Path) -> String {
    let rows = (rows > 0).then(|| t!("pipeline-suppressed-rows", count = rows));
    let addresses = (addresses > 0).then(|| t!("pipeline-suppressed-addresses", count = addresses));
    let parts = match (rows, addresses) {
        (Some(first), Some(second)) => t!("pipeline-and", first = first, second = second),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => String::new(),
    };
    t!(
        "pipeline-suppressed-line",
        parts = parts,
        list = list.display().to_string()
    )
}
