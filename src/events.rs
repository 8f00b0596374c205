//! What a run reports as it goes: stages emit typed [`Event`]s to one [`Observer`] and never
//! print themselves. The observer decides how a person or a program sees them: the
//! [`terminal`] one (problems and outcomes on standard error above a progress bar), or the
//! [`json`] one (`--events json`: one JSON object per line on standard output, for scripts
//! and the web app).
//!
//! Events carry data, not sentences: the words are chosen where they are shown, from the
//! data, so that a translation needs no change in the stages.

pub(crate) mod json;
mod notice;
pub(crate) mod terminal;

use std::path::Path;
use std::time::Duration;

pub(crate) use notice::Notice;

use crate::deliver::Delivered;
use crate::pipeline::Problem;
use crate::recipients::{ListShape, Recipient, RowRef};

/// Something that happened during a run.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Event<'a> {
    /// The list was opened: how it was read and its columns.
    ListOpened {
        file: &'a Path,
        format: &'a str,
        shape: &'a ListShape,
        columns: &'a [String],
    },
    /// `check`: the list was read to its end: `rows` rows, the first of them whole (for the
    /// web app's table), and how many `--where` kept.
    ListRead {
        rows: usize,
        first: &'a [Recipient],
        matched: Option<usize>,
    },
    /// `check` and `preview`: what became of one row.
    Row(RowEvent<'a>),
    /// `send`: the messages start going, `estimate` how long the rate limits make it last.
    Sending {
        messages: usize,
        estimate: Option<Duration>,
    },
    /// `send`: what the relay did with one message.
    Delivered(&'a Delivered),
    /// `send` with a shared journal: `count` recipients went to the other senders so far.
    Elsewhere { count: usize },
    /// `send`: no message is in flight any more.
    SendingEnded,
    /// `drafts`, and `send` keeping copies: one message put in a mailbox folder (`found`:
    /// it was there already, put by a run that stopped before noting it).
    Filed {
        kind: crate::journal::CopyKind,
        folder: &'a str,
        key: &'a str,
        message_id: &'a str,
        found: bool,
    },
    /// `collect`: what a report read back says of one address.
    Returned(&'a crate::journal::Return),
    /// Something to know; the run goes on.
    Notice(&'a Notice),
    /// The run's last word: its counts.
    Summary(&'a Summary),
    /// The run could not go on: its error, and the exit code it ends with.
    Failed {
        error: &'a crate::error::RunError,
        exit_code: u8,
    },
}

/// One row of the list as `check` or `preview` saw it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowEvent<'a> {
    /// Where the row is; `None` for a problem of the whole list.
    pub at: Option<&'a RowRef>,
    /// The envelope's first address, bare, when the row made a message.
    pub address: Option<&'a str>,
    pub state: RowState<'a>,
}

/// What became of a row.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RowState<'a> {
    /// Its message is ready (`bytes` long).
    Ready { bytes: u64 },
    /// A problem that stops the run unless broken rows are skipped.
    Invalid(&'a Problem),
    /// A broken row left out because `--skip-invalid` was given.
    Skipped(&'a Problem),
    /// The same recipients as an earlier row: sent once.
    Duplicate(&'a Problem),
    /// Its addresses are on the suppression list (they bounced for good): not sent.
    Suppressed(&'a Problem),
}

impl RowState<'_> {
    /// The word `--events json` gives the state.
    pub(crate) fn word(&self) -> &'static str {
        match self {
            Self::Ready { .. } => "ready",
            Self::Invalid(_) => "invalid",
            Self::Skipped(_) => "skipped",
            Self::Duplicate(_) => "duplicate",
            Self::Suppressed(_) => "suppressed",
        }
    }
}

/// The counts a command ends with; those that do not apply to it stay `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    /// The command: `check`, `preview` or `send`.
    pub command: &'static str,
    /// Rows (check, preview) or messages (send) the run took.
    pub total: usize,
    pub ready: Option<usize>,
    pub invalid: Option<usize>,
    pub duplicates: Option<usize>,
    /// Rows left out because their addresses are on the suppression list.
    pub suppressed: usize,
    pub sent: Option<usize>,
    pub failed: Option<usize>,
    pub deferred: Option<usize>,
    pub uncertain: Option<usize>,
    pub skipped: usize,
    pub bytes: u64,
    /// A command's own counts beyond these (`drafts`: `drafted`; `collect`: what it read
    /// and recorded), by name.
    pub counts: Vec<(&'static str, usize)>,
    /// How the run ended, as the exit code says it.
    pub exit_code: u8,
}

/// Takes every event of a run, in order.
pub(crate) trait Observer {
    fn event(&mut self, event: &Event<'_>);
    /// A line of the command's own words for a person (its plan, its summary): standard
    /// output for the terminal, standard error when standard output carries events.
    fn say(&mut self, line: &str);
    /// [`Observer::say`] of `words()`; with the French audit on (`MISSIVE_AUDIT_FRENCH`), an
    /// English run says them again in French first, and stops on English left in them.
    fn tell(&mut self, words: &dyn Fn() -> String) {
        crate::i18n::audit::check(words);
        self.say(&words());
    }
    /// [`Observer::tell`] of several lines, made once (and once more in French by the audit).
    fn tell_lines(&mut self, lines: &dyn Fn() -> Vec<String>) {
        crate::i18n::audit::check(|| lines().join("\n"));
        for line in lines() {
            self.say(&line);
        }
    }
    /// Whether whoever reads the events went away (a closed pipe): the run then stops as
    /// if interrupted, sending nothing more.
    fn is_closed(&self) -> bool {
        false
    }
    /// Runs `print` without tearing what the observer draws (the progress bar).
    fn suspend(&mut self, print: &mut dyn FnMut()) {
        print();
    }
}

/// How a command reports its events: `--events`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum EventFormat {
    /// Words for a person on standard error, a progress bar on a terminal.
    #[default]
    Text,
    /// One JSON object per line on standard output; words for a person on standard error.
    Json,
}

/// The observer `format` asks for.
pub(crate) fn observer(format: EventFormat) -> Box<dyn Observer> {
    match format {
        EventFormat::Text => Box::new(terminal::Terminal::new()),
        EventFormat::Json => Box::new(json::JsonLines::stdout()),
    }
}
