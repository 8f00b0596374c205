//! What the Send page shows, from `send`'s own run: the plan as its confirmation states it
//! (the run asked, answered no by the page), the review it holds, where a running send is,
//! and a test send (`send --to`).

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use lettre::Address;
use serde::Serialize;

use super::campaign_page::{common, missing};
use super::run::Progress;
use crate::cli::{Count, SendArgs};
use crate::commands::send::{Controls, Plan, relays, run_with};
use crate::config::{Campaign, SendSettings};
use crate::deliver::Outcome;
use crate::events::{Event, Observer};
use crate::preview::Approval;
use crate::secret::Secret;
use crate::units::Span;

/// The review folder the app uses: what `missive preview` writes by default.
pub(crate) fn review_folder(folder: &Path) -> PathBuf {
    folder.join("preview")
}

/// The `send` the page runs for `folder`: with `--reviewed` its review folder when that
/// holds an approval, `--retry-failed` when `retry`.
pub(crate) fn send_args(folder: &Path, retry: bool) -> SendArgs {
    let review = review_folder(folder);
    let approved = matches!(Approval::read(&review), Ok(Some(_)));
    SendArgs {
        common: common(folder),
        reviewed: approved.then_some(review),
        retry_failed: retry,
        ..from_environment()
    }
}

/// `send`'s options with no flag typed, as the command line has them: its environment too
/// (`MISSIVE_SMTP_URL` before campaign.toml's relay). A variable that does not parse is left
/// out, and the plan the page shows names the relay it sends through.
fn from_environment() -> SendArgs {
    SendArgs::as_without_flags().unwrap_or_default()
}

/// The plan of a send, as its confirmation states it.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct PlanView {
    pub folder: String,
    /// No campaign.toml in the folder: what to do instead.
    pub missing: Option<String>,
    /// What the run said before it asked (a shard, what the journal holds…).
    pub said: Vec<String>,
    /// The plan in words, as the command line's confirmation says it.
    pub plan: Option<String>,
    /// How many messages the plan sends.
    pub messages: usize,
    /// Who approved the plan and when, when the review folder holds an approval.
    pub approved: Option<String>,
    /// The relay logs in with a password nothing gives: the page asks for it.
    pub wants_password: bool,
    /// The page was given that password for this session (it may be typed again).
    pub password_known: bool,
    /// The run could not go as far as its plan.
    pub error: Option<String>,
    /// `--retry-failed`.
    pub retry: bool,
}

/// The plan of `send` in `folder` (`--retry-failed` when `retry`): `send`'s run, which
/// checks every row, answered no when it asks. `password`: the one the page was given.
/// Blocking.
pub(crate) fn plan(folder: &Path, retry: bool, password: Option<&Secret>) -> PlanView {
    let mut view = PlanView {
        folder: folder.display().to_string(),
        missing: missing(folder),
        retry,
        ..PlanView::default()
    };
    if view.missing.is_some() {
        return view;
    }
    let args = send_args(folder, retry);
    if args.reviewed.is_some()
        && let Ok(Some(approval)) = Approval::read(&review_folder(folder))
    {
        view.approved = Some(t!(
            "serve-send-approved",
            by = approval.by.as_str(),
            at = approval.when()
        ));
    }
    view.password_known = password.is_some();
    view.wants_password = wants_password(&args);
    let asked = Rc::new(Cell::new(false));
    let mut said = Saying {
        lines: Vec::new(),
        asked: Rc::clone(&asked),
    };
    let mut plan = None;
    let mut answer = |asked_plan: &Plan| {
        asked.set(true);
        if let Plan::Send { messages, .. } = asked_plan {
            plan = Some((asked_plan.to_string(), *messages));
        }
        false
    };
    let controls = Controls {
        answer: Some(&mut answer),
        ..Controls::default()
    };
    if let Err(error) = run_with(&args, controls, &mut said) {
        view.error = Some(error.to_string());
    }
    view.said = said.lines;
    if let Some((words, messages)) = plan {
        view.plan = Some(words);
        view.messages = messages;
    }
    view
}

/// Whether the relay of `args`'s campaign logs in with a password nothing gives, which a
/// page then asks for. Blocking.
pub(crate) fn wants_password(args: &SendArgs) -> bool {
    Campaign::resolve(&args.common)
        .ok()
        .and_then(|campaign| SendSettings::resolve(args, &campaign).ok())
        .is_some_and(|settings| relays::wants_password(&settings))
}

/// What a run says until it asks for the confirmation.
struct Saying {
    lines: Vec<String>,
    asked: Rc<Cell<bool>>,
}

impl Observer for Saying {
    fn event(&mut self, event: &Event<'_>) {
        if let Event::Notice(notice) = event {
            self.say(&notice.to_string());
        }
    }

    fn say(&mut self, line: &str) {
        if !self.asked.get() {
            self.lines.push(line.to_owned());
        }
    }
}

/// Where a send is, in the page's words.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct ProgressView {
    /// « 5 sur 12 ».
    pub of: String,
    /// « 5 envoyés, 0 différés, 0 en échec ».
    pub counts: String,
    /// « reste environ 3 min », while it runs.
    pub left: String,
    /// Running, pausing, or how it ended.
    pub state: String,
    /// Its last lines.
    pub said: Vec<String>,
    pub running: bool,
    /// It stopped with messages left: "Reprendre".
    pub resumable: bool,
    pub retry: bool,
}

impl ProgressView {
    pub(crate) fn of(progress: &Progress) -> Self {
        let running = progress.end.is_none();
        let mut counts = t!(
            "serve-send-counts",
            sent = progress.sent,
            deferred = progress.deferred,
            failed = progress.failed
        );
        if progress.uncertain > 0 {
            counts = t!(
                "serve-send-counts-uncertain",
                counts = counts,
                uncertain = progress.uncertain
            );
        }
        let state = match &progress.end {
            None if progress.pausing => t!("serve-send-pausing"),
            None => t!("serve-send-running"),
            Some(end) => match (&end.words, end.status) {
                (Some(words), _) => words.clone(),
                (None, Some(crate::exit_status::ExitStatus::Success)) => t!("serve-send-done"),
                (None, Some(crate::exit_status::ExitStatus::Stopped)) => t!("serve-send-paused"),
                (None, _) => t!("serve-send-not-all"),
            },
        };
        Self {
            // Before its delivery starts, the run checks every row: no count yet.
            of: match progress.started {
                None if running => t!("serve-send-preparing"),
                _ => t!(
                    "serve-send-of",
                    done = progress.done(),
                    total = progress.total
                ),
            },
            counts,
            left: match progress.left() {
                Some(left) if running => t!("serve-send-left", left = Span(left).to_string()),
                _ => String::new(),
            },
            state,
            said: progress.said.iter().cloned().collect(),
            running,
            resumable: progress.resumable(),
            retry: progress.retry,
        }
    }
}

/// What a test send did, in words.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct TestSent {
    /// « 1 message de test envoyé à … », or what went wrong.
    pub outcome: String,
    pub failed: bool,
}

/// Sends the first `rows` messages (those `filter` keeps, when given) to `address` alone,
/// as `send --to ADDRESS --limit ROWS [--where FILTER]` does. Blocking.
pub(crate) fn test_send(
    folder: &Path,
    address: &str,
    rows: usize,
    filter: Option<String>,
    password: Option<&Secret>,
) -> TestSent {
    let failed = |outcome: String| TestSent {
        outcome,
        failed: true,
    };
    let Ok(to) = address.trim().parse::<Address>() else {
        return failed(t!("serve-test-bad-address", address = address.trim()));
    };
    let Ok(limit) = rows.to_string().parse::<Count>() else {
        return failed(t!("serve-test-bad-rows"));
    };
    let mut args = SendArgs {
        common: common(folder),
        to: Some(to.clone()),
        limit: Some(limit),
        ..from_environment()
    };
    args.common.filter = filter;
    let mut answer = |_: &Plan| true;
    let stopped = RefCell::new(None);
    let fault = |words: &str| *stopped.borrow_mut() = Some(words.to_owned());
    let controls = Controls {
        password,
        answer: Some(&mut answer),
        pause: None,
        fault: Some(&fault),
    };
    let mut counted = Counting::default();
    let ran = run_with(&args, controls, &mut counted);
    if let Some(words) = stopped.take() {
        return failed(words);
    }
    match ran {
        Err(error) => failed(error.to_string()),
        Ok(_) if counted.sent > 0 && counted.other == 0 => TestSent {
            outcome: t!(
                "serve-test-sent",
                count = counted.sent,
                address = to.to_string()
            ),
            failed: false,
        },
        Ok(_) => failed(t!(
            "serve-test-not-all",
            sent = counted.sent,
            count = counted.sent + counted.other,
            address = to.to_string(),
            said = counted.said.join(" ")
        )),
    }
}

/// A test send's outcomes, counted.
#[derive(Default)]
struct Counting {
    sent: usize,
    other: usize,
    said: Vec<String>,
}

impl Observer for Counting {
    fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Delivered(delivered) => match delivered.outcome {
                Outcome::Sent(_) => self.sent += 1,
                _ => self.other += 1,
            },
            Event::Notice(notice) => self.said.push(notice.to_string()),
            _ => {}
        }
    }

    fn say(&mut self, line: &str) {
        self.said.push(line.to_owned());
    }
}
