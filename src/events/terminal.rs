//! The observer for a person at a terminal (or reading a log): problems, refusals and
//! notices on standard error as they happen, above a progress bar while sending; the
//! command's own summary lines on standard output.

use std::collections::HashMap;
use std::io::Write;

use super::{Event, Observer, RowState};
use crate::deliver::Outcome;
use crate::progress::Progress;

/// See the module documentation.
#[derive(Default)]
pub(crate) struct Terminal {
    progress: Option<Progress>,
    /// Each problem's first row, and the lines it was met on after, told once at the end:
    /// the same mistake on 8 rows is one error, not 8.
    repeats: Vec<(String, Vec<u64>)>,
    causes: HashMap<String, usize>,
}

/// Lines of the list named after a repeated problem, at most.
const LINES_NAMED: usize = 12;

impl Terminal {
    pub(crate) fn new() -> Self {
        Self::default()
    }
}

impl Terminal {
    /// After the pass: each problem met on more than one row, with those rows.
    fn tell_repeats(&mut self) {
        for (first, lines) in self
            .repeats
            .drain(..)
            .filter(|(_, lines)| !lines.is_empty())
        {
            let mut named: Vec<String> = lines
                .iter()
                .take(LINES_NAMED)
                .map(ToString::to_string)
                .collect();
            if lines.len() > LINES_NAMED {
                named.push("…".into());
            }
            let say = || {
                t!(
                    "error-same-problem",
                    first = first.as_str(),
                    count = lines.len(),
                    lines = named.join(", ")
                )
            };
            crate::i18n::audit::check(say);
            eprintln!("{}", say());
        }
        self.causes.clear();
    }
}

impl Observer for Terminal {
    fn event(&mut self, event: &Event<'_>) {
        match event {
            // Said in the command's own words once it is over.
            Event::ListOpened { .. }
            | Event::ListRead { .. }
            | Event::Filed { .. }
            | Event::Returned(_) => {}
            // The pass is over: the same mistake's other rows are told once.
            Event::Summary(_) | Event::Failed { .. } => self.tell_repeats(),
            Event::Row(row) => match row.state {
                RowState::Ready { .. } => {}
                RowState::Duplicate(problem) => {
                    let say = || t!("warning-line", warning = problem.to_string());
                    crate::i18n::audit::check(say);
                    eprintln!("{}", say());
                }
                RowState::Suppressed(problem) => {
                    crate::i18n::audit::check(|| problem.to_string());
                    eprintln!("{problem}");
                }
                RowState::Invalid(problem) | RowState::Skipped(problem) => {
                    let cause = problem.cause();
                    if let Some(&index) = self.causes.get(&cause) {
                        if let Some(row) = row.at {
                            self.repeats[index].1.push(row.line);
                        }
                    } else {
                        let say = || t!("error-line", error = problem.to_string());
                        crate::i18n::audit::check(say);
                        eprintln!("{}", say());
                        self.causes.insert(cause, self.repeats.len());
                        let first = row.at.map(ToString::to_string).unwrap_or_default();
                        self.repeats.push((first, Vec::new()));
                    }
                }
            },
            Event::Sending { messages, estimate } => {
                self.tell_repeats();
                self.progress = Some(Progress::new(*messages, *estimate));
            }
            Event::Delivered(delivered) => {
                let line = match &delivered.outcome {
                    Outcome::Sent(_) => None,
                    Outcome::Failed(reply) => Some(("delivery-refused", reply)),
                    Outcome::Deferred(reply) => Some(("delivery-deferred", reply)),
                    Outcome::Uncertain(reply) => Some(("delivery-uncertain", reply)),
                };
                let say = |key: &str, reply: &dyn std::fmt::Display| {
                    let message = &delivered.message;
                    crate::i18n::tr(
                        key,
                        &[
                            ("at", message.at.to_string().into()),
                            ("key", message.key.clone().into()),
                            ("reply", reply.to_string().into()),
                        ],
                    )
                };
                if let Some((key, reply)) = line {
                    crate::i18n::audit::check(|| say(key, reply));
                }
                let print = || {
                    if let Some((key, reply)) = line {
                        eprintln!("{}", say(key, reply));
                    }
                };
                match &mut self.progress {
                    Some(progress) => {
                        progress.suspend(print);
                        progress.record(&delivered.outcome);
                    }
                    None => print(),
                }
            }
            Event::Elsewhere { count } => {
                if let Some(progress) = &mut self.progress {
                    progress.left_elsewhere(*count);
                }
            }
            Event::Notice(notice) => {
                let say = || {
                    if notice.is_warning() {
                        t!("warning-line", warning = notice.to_string())
                    } else {
                        notice.to_string()
                    }
                };
                crate::i18n::audit::check(say);
                self.suspend(&mut || eprintln!("{}", say()));
            }
            Event::SendingEnded => {
                if let Some(progress) = self.progress.take() {
                    progress.finish();
                }
            }
        }
    }

    fn say(&mut self, line: &str) {
        let mut out = std::io::stdout().lock();
        // A reader that went away (`| head`) is its choice: nothing to report.
        let _ = writeln!(out, "{line}");
    }

    fn suspend(&mut self, print: &mut dyn FnMut()) {
        match &self.progress {
            Some(progress) => progress.suspend(print),
            None => print(),
        }
    }
}
