//! What a pass found, counted as it goes, and each row's fate told to the observer.

use std::collections::HashSet;

use super::Problem;
use crate::compose::{InternationalAddress, Outgoing};
use crate::events::{Event, Notice, Observer, RowEvent, RowState};

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
    /// Addresses whose local part is beyond ASCII, each told as a warning: only a relay
    /// that offers SMTPUTF8 can carry them.
    pub needs_smtputf8: usize,
    /// Addresses whose domain goes out in its ASCII form, and the first of them.
    ascii_domains: usize,
    first_ascii_domain: Option<InternationalAddress>,
    causes: HashSet<String>,
    skip_invalid: bool,
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
        content: &Result<(Outgoing, N), Problem>,
        observer: &mut dyn Observer,
        ready_too: bool,
    ) {
        match content {
            Ok((message, _)) => {
                self.messages += 1;
                for address in &message.international {
                    self.note(&message.at, address, observer);
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
                let state = if problem.is_warning() {
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

    /// Whether broken rows are left out rather than stopping the run.
    pub(crate) fn skips_invalid(&self) -> bool {
        self.skip_invalid
    }

    /// Whether broken rows stop the run: there are some, and they are not to be skipped.
    pub(crate) fn blocks(&self) -> bool {
        self.broken_rows > 0 && !self.skip_invalid
    }
}
