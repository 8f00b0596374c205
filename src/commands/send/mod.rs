//! `missive send`: check every row, confirm, then submit through the relay.
//!
//! - this file: the run, from settings to summary, and the confirmation;
//! - [`first_pass`]: the sink that checks and records the list before anything goes;
//! - [`submit`]: the messages fed to the sessions and their outcomes followed;
//! - [`relays`]: each relay made ready, and the plan a person confirms;
//! - [`interrupt`]: Ctrl-C and SIGTERM, and the web app's pause.
//!
//! [`run_with`] is the same run for a caller that answers in place of the terminal and the
//! process (the web app): the confirmation, the password, the stop.

mod copies;
pub(crate) mod drafts;
mod first_pass;
mod interrupt;
mod plan;
pub(crate) mod relays;
mod submit;

use first_pass::{FirstPass, Kept};
pub(crate) use interrupt::Pause;
use plan::ask;
pub(crate) use plan::{Plan, pace};
use submit::submit_all;

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use lettre::Address;

use crate::cli::SendArgs;
use crate::compose::Outgoing;
use crate::config::{self, Campaign, SendSettings};
use crate::deliver;
use crate::events::{Event, Notice, Observer, Summary};
use crate::exit_status::ExitStatus;
use crate::journal::{ClaimTally, Counts, Finished, JournalError, Location, SendJournal, Sending};
use crate::pipeline::{Pipeline, RunError, Survey};
use crate::preview::ReviewLock;
use crate::recipients;
use crate::report::Tally;
use crate::secret::Secret;

/// What `send` takes from the person at the terminal and from the process, given instead by
/// a caller that has them otherwise (the web app). The default is the command line's.
#[derive(Default)]
pub(crate) struct Controls<'a> {
    /// The relay's password, typed in a page; `None`: `MISSIVE_SMTP_PASSWORD`,
    /// `password_command`, or a prompt on the terminal.
    pub password: Option<&'a Secret>,
    /// Answers the confirmation in place of the terminal (`--yes` answers it first).
    pub answer: Option<&'a mut dyn FnMut(&Plan) -> bool>,
    /// Stops the run gently when pulled, as a first Ctrl-C does; the run then listens to no
    /// signal (Ctrl-C is its caller's).
    pub pause: Option<&'a Pause>,
    /// Told the words of a fault of the relay that stopped the delivery (a refused login…),
    /// which the command line says on standard error.
    pub fault: Option<&'a dyn Fn(&str)>,
}

pub(crate) fn run(args: &SendArgs, observer: &mut dyn Observer) -> Result<ExitStatus, RunError> {
    run_with(args, Controls::default(), observer)
}

/// [`run`], with the confirmation, the password and the stop given by the caller.
pub(crate) fn run_with(
    args: &SendArgs,
    controls: Controls<'_>,
    observer: &mut dyn Observer,
) -> Result<ExitStatus, RunError> {
    let Controls {
        password,
        answer,
        pause,
        fault,
    } = controls;
    let campaign = Campaign::resolve(&args.common)?;
    let settings = SendSettings::resolve(args, &campaign)?;
    relays::refuse_plaintext(&settings)?;
    let review = args.reviewed.as_deref().map(ReviewLock::open).transpose()?;
    let approval = review.as_ref().and_then(ReviewLock::approval).cloned();
    let test_recipient = args.to.clone();
    let skip_invalid = campaign.skip_invalid;
    let (pipeline, rows) = Pipeline::open(campaign, SystemTime::now(), test_recipient.clone())?;
    // The journal: one sender at a time, what a dead run left settled, the revision checked.
    // A test send (`--to`) never touches it.
    let mut journal = match &test_recipient {
        Some(_) => None,
        None => Some(open_journal(args, &pipeline, observer)?),
    };

    let limit = settings.limit.unwrap_or(usize::MAX);
    let plan = journal.as_mut().map(SendJournal::plan).transpose()?;
    let mut first = FirstPass::new(
        plan,
        review,
        limit,
        skip_invalid,
        args.warnings.deny_warnings,
        observer,
    );
    pipeline.pass(rows, &|_| (), &mut first)?;
    let (survey, kept, observer) = first.finish(&pipeline)?;
    if survey.messages == 0 {
        if let Some(journal) = &mut journal {
            let what = |journal: &str| t!("send-nothing-to-send", journal = journal);
            let status = nothing_left(journal, &survey, &what, observer)?;
            // Copies an earlier run could not make are made now.
            copies::keep_sent(&pipeline, &settings, journal.backend(), password, observer)?;
            return Ok(status);
        }
        return Err(RunError::NoMessage);
    }
    if let Some(shard) = pipeline.campaign.shard {
        observer.tell(&|| {
            t!(
                "send-shard",
                shard = shard.to_string(),
                journal = Location::shown(&pipeline.campaign.journal)
            )
        });
    }
    if !confirm(
        &settings,
        &survey,
        test_recipient.as_ref(),
        approval,
        answer,
        observer,
    )? {
        observer.tell(&|| t!("send-not-confirmed"));
        observer.event(&Event::Summary(&Summary {
            command: "send",
            total: survey.messages,
            ..Summary::default()
        }));
        return Ok(ExitStatus::Success);
    }
    let given = Given {
        password,
        pause,
        fault,
    };
    deliver_all(
        &pipeline, &settings, journal, kept, &survey, &given, observer,
    )
}

/// What the caller of [`run_with`] gave the delivery.
struct Given<'a> {
    password: Option<&'a Secret>,
    pause: Option<&'a Pause>,
    fault: Option<&'a dyn Fn(&str)>,
}

/// The send itself, once confirmed: the relays opened, the journal handed to its writer, the
/// messages (kept, or read again) submitted, and how it ended told.
fn deliver_all(
    pipeline: &Pipeline,
    settings: &SendSettings,
    mut journal: Option<SendJournal>,
    kept: Option<Kept>,
    survey: &Survey,
    given: &Given<'_>,
    observer: &mut dyn Observer,
) -> Result<ExitStatus, RunError> {
    let relays = relays::open(settings, given.password)?;
    // A shared journal: recipients are claimed on their way to the sessions.
    let claimer = journal
        .as_mut()
        .map(SendJournal::claimer)
        .transpose()?
        .flatten();
    let claims = Arc::new(ClaimTally::default());
    let selection = journal.as_ref().map(|j| j.selection().clone());
    let sending = journal.map(SendJournal::start).transpose()?;
    let journaled = selection.zip(sending.as_ref().map(|s| s.writer.outbox()));

    // Second pass: the messages kept from the first, or the same rows rendered again.
    let source = match kept {
        Some(messages) => Source::Kept(messages),
        None => Source::Rows(recipients::open(
            &pipeline.campaign.recipients,
            &pipeline.campaign.read,
        )?),
    };
    let started = Instant::now();
    let names: Vec<String> = settings
        .relays
        .iter()
        .map(|r| r.relay.to_string())
        .collect();
    let mut tally = Tally::for_relays(names.iter().map(String::as_str));
    observer.event(&Event::Sending {
        messages: survey.messages,
        estimate: relays::duration(&settings.pace(), survey.messages),
    });
    let fault = submit_all(
        pipeline,
        source,
        survey.messages,
        relays,
        settings.policy,
        journaled.as_ref(),
        claimer.map(|claimer| (claimer, Arc::clone(&claims))),
        given.pause,
        &mut tally,
        observer,
    )?;
    let elapsed = started.elapsed();
    observer.tell_lines(&|| tally.summary_lines(elapsed));
    let skipped = journaled.as_ref().map_or(0, |(_, outbox)| outbox.skipped());
    let elsewhere = claims.elsewhere() + usize::try_from(skipped).unwrap_or(usize::MAX);
    let ended = Ended {
        fault,
        expected: survey.messages,
        limited: settings.limit.is_some(),
        others_at_work: elsewhere > 0,
    };
    let (status, finished) = conclude(&ended, &tally, sending, pipeline.campaign.verbose, observer);
    if let (Some(fault), Some(told)) = (&ended.fault, given.fault) {
        told(&fault.to_string());
    }
    if elsewhere > 0 {
        observer.event(&Event::Notice(&Notice::LeftToOthers { count: elsewhere }));
    }
    let status = match (status, claims.take_fault()) {
        (Ok(status), None) => status,
        (Err(error), _) | (Ok(_), Some(error)) => {
            observer.tell(&|| t!("send-stopped-fix"));
            return Err(error.into());
        }
    };
    summary(survey, &tally, status, observer);
    if let Some(mut finished) = finished {
        copies::keep_sent(
            pipeline,
            settings,
            finished.journal.as_mut(),
            given.password,
            observer,
        )?;
    }
    Ok(status)
}

/// The `summary` event of a send.
fn summary(survey: &Survey, tally: &Tally, status: ExitStatus, observer: &mut dyn Observer) {
    observer.event(&Event::Summary(&Summary {
        command: "send",
        total: survey.messages,
        sent: Some(tally.sent),
        failed: Some(tally.failed),
        deferred: Some(tally.deferred),
        uncertain: Some(tally.uncertain),
        skipped: survey.skipped,
        suppressed: survey.suppressed,
        bytes: tally.bytes,
        exit_code: status as u8,
        ..Summary::default()
    }));
}

/// Messages holding up to this much memory are kept from the first pass for the second,
/// instead of being rendered and composed again; past it, memory stays flat and the rows are
/// read again. What messages share (the template's lines, an attachment) counts once.
pub(super) const KEEP_BUDGET: u64 = 64 * 1024 * 1024;

/// [`KEEP_BUDGET`], unless `MISSIVE_KEEP_BYTES` sets another: the tests send a list with
/// nothing kept, to prove the second pass that reads the rows again.
fn keep_budget() -> u64 {
    std::env::var("MISSIVE_KEEP_BYTES")
        .ok()
        .and_then(|bytes| bytes.parse().ok())
        .unwrap_or(KEEP_BUDGET)
}

/// Where the second pass takes its messages from.
#[allow(clippy::large_enum_variant)] // one per run: boxing the reader would buy nothing
pub(super) enum Source {
    Kept(Vec<Arc<Outgoing>>),
    Rows(recipients::CsvRecipients),
}

/// How a delivery ended, besides its tally.
struct Ended {
    fault: Option<deliver::Fault>,
    /// Messages the run meant to send.
    expected: usize,
    /// `--limit`: the run was asked to send only part of what is left.
    limited: bool,
    /// Other senders of a shared journal have the rest.
    others_at_work: bool,
}

/// How the run ended, told in words and as the exit status; a journal that could not be
/// written at the end is the run's error.
fn conclude(
    ended: &Ended,
    tally: &Tally,
    sending: Option<Sending>,
    verbose: bool,
    observer: &mut dyn Observer,
) -> (Result<ExitStatus, JournalError>, Option<Finished>) {
    let interrupted = sending
        .as_ref()
        .is_some_and(|s| s.writer.outbox().is_interrupted());
    let (counts, finished) = match sending.map(|s| finish_journal(s, verbose, observer)) {
        None => (None, None),
        Some(Ok((counts, finished))) => (Some(counts), Some(finished)),
        Some(Err(error)) => return (Err(error), None),
    };
    // Interrupted: no copies are made now; the next run makes them.
    let status = decide(ended, tally, interrupted, counts, observer);
    (Ok(status), finished.filter(|_| !interrupted))
}

/// How the run ended, from the counts of the journal it wrote (`None`: a test send).
fn decide(
    ended: &Ended,
    tally: &Tally,
    interrupted: bool,
    counts: Option<Counts>,
    observer: &mut dyn Observer,
) -> ExitStatus {
    if interrupted {
        if observer.is_closed() {
            eprintln!("{}", t!("send-stopped-reader-gone"));
        } else {
            eprintln!("{}", t!("send-stopped-by-signal"));
        }
        for step in counts.as_ref().map(Counts::next_steps).unwrap_or_default() {
            eprintln!("{}", t!("send-next", step = step));
        }
        return ExitStatus::Stopped;
    }
    if let Some(fault) = &ended.fault {
        let say = || t!("error-line", error = fault.to_string());
        crate::i18n::audit::check(say);
        eprintln!("{}", say());
        eprintln!(
            "{}",
            t!(
                "send-stopped-not-attempted",
                count = ended.expected.saturating_sub(tally.attempted())
            )
        );
        return ExitStatus::Stopped;
    }
    let all_sent = match counts {
        // `--limit`: the rest of the list was not this run's to send.
        Some(_) if ended.limited => tally.all_sent(),
        Some(counts) => {
            observer.tell_lines(&|| next_steps(&counts));
            // Other senders of a shared journal have the rest: this run answers for what it
            // sent.
            counts.all_sent() || (ended.others_at_work && tally.all_sent())
        }
        None => tally.all_sent(),
    };
    if all_sent {
        ExitStatus::Success
    } else {
        ExitStatus::NotAllDelivered
    }
}

fn open_journal(
    args: &SendArgs,
    pipeline: &Pipeline,
    observer: &mut dyn Observer,
) -> Result<SendJournal, JournalError> {
    let options = config::send_journal(args, &pipeline.campaign);
    let journal = SendJournal::open_with(&options, pipeline.revision())?;
    if let Some((count, lease)) = journal.held_elsewhere {
        observer.event(&Event::Notice(&Notice::HeldByAnother { count, lease }));
    }
    if journal.abandoned > 0 {
        observer.event(&Event::Notice(&Notice::Abandoned {
            count: journal.abandoned,
        }));
    }
    Ok(journal)
}

/// A run with nothing left to send: says what the journal holds.
fn nothing_left(
    journal: &SendJournal,
    survey: &Survey,
    what: &dyn Fn(&str) -> String,
    observer: &mut dyn Observer,
) -> Result<ExitStatus, RunError> {
    let counts = journal.counts()?;
    observer.tell(&|| what(&journal.name()));
    observer.tell_lines(&|| next_steps(&counts));
    let status = if counts.all_sent() {
        ExitStatus::Success
    } else {
        ExitStatus::NotAllDelivered
    };
    summary(survey, &Tally::default(), status, observer);
    Ok(status)
}

/// Writes the last outcomes; no row is left `sending`.
fn finish_journal(
    sending: Sending,
    verbose: bool,
    observer: &mut dyn Observer,
) -> Result<(Counts, Finished), JournalError> {
    let (finished, stats, unanswered) = sending.finish()?;
    if unanswered > 0 {
        observer.event(&Event::Notice(&Notice::Unanswered { count: unanswered }));
    }
    if verbose {
        observer.tell(&|| {
            t!(
                "send-journal-stats",
                journal = finished.journal.name(),
                stats = stats.to_string()
            )
        });
    }
    Ok((finished.journal.counts()?, finished))
}

/// States the plan and asks for a yes (unless `--yes`), of `answer` when given, else on the
/// terminal; `false`: the person said no.
fn confirm(
    settings: &SendSettings,
    survey: &Survey,
    test_recipient: Option<&Address>,
    approval: Option<crate::preview::Approval>,
    answer: Option<&mut dyn FnMut(&Plan) -> bool>,
    observer: &mut dyn Observer,
) -> Result<bool, RunError> {
    let plan = Plan::Send {
        messages: survey.messages,
        bytes: survey.bytes,
        test: test_recipient.map(ToString::to_string),
        settings: Box::new(settings.clone()),
        approval,
    };
    match answer {
        // Said yes: the plan is told as `--yes` tells it.
        Some(answer) if !settings.yes => Ok(answer(&plan) && ask(true, plan, observer)?),
        _ => ask(settings.yes, plan, observer),
    }
}

/// What to do next, a line each, from the journal's counts.
fn next_steps(counts: &Counts) -> Vec<String> {
    counts
        .next_steps()
        .into_iter()
        .map(|step| t!("send-next", step = step))
        .collect()
}
