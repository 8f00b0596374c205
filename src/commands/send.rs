//! `missive send`: check every row, confirm, then submit through the relay.

use std::collections::HashSet;
use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use lettre::Address;

use crate::cli::SendArgs;
use crate::commands::relays;
use crate::commands::submit::submit_all;
use crate::compose::Outgoing;
use crate::config::{Campaign, Pace, SendSettings};
use crate::deliver;
use crate::exit_status::ExitStatus;
use crate::journal::{
    ClaimTally, Counts, JournalError, Location, Plan, Resend, SendJournal, Sending, held_lines,
};
use crate::pipeline::{Pipeline, Problem, RunError, Size, Survey};
use crate::preview::ReviewLock;
use crate::recipients;
use crate::report::Tally;

pub fn run(args: &SendArgs) -> Result<ExitStatus, RunError> {
    let campaign = Campaign::resolve(&args.common)?;
    let settings = SendSettings::resolve(args, &campaign)?;
    relays::refuse_plaintext(&settings)?;
    let review = args.reviewed.as_deref().map(ReviewLock::open).transpose()?;
    let test_recipient = args.to.clone();
    let skip_invalid = campaign.skip_invalid;
    let (pipeline, rows) = Pipeline::open(campaign, SystemTime::now(), test_recipient.clone())?;
    // The journal: one sender at a time, what a dead run left settled, the revision checked.
    // A test send (`--to`) never touches it.
    let mut journal = match &test_recipient {
        Some(_) => None,
        None => match open_journal(args, &pipeline) {
            Ok(journal) => Some(journal),
            Err(busy @ JournalError::Busy { .. }) => {
                eprintln!("error: {busy}");
                return Ok(ExitStatus::Stopped);
            }
            Err(error) => return Err(error.into()),
        },
    };

    let limit = settings.limit.unwrap_or(usize::MAX);
    let plan = journal.as_mut().map(SendJournal::plan).transpose()?;
    let (survey, kept) = first_pass(&pipeline, rows, limit, skip_invalid, plan, review)?;
    if survey.messages == 0 {
        if let Some(journal) = &journal {
            return nothing_left(journal);
        }
        return Err(RunError::Refused("there is no message to send".into()));
    }
    if let Some(shard) = pipeline.campaign.shard {
        println!(
            "shard {shard}: this share of the list only, journal `{}`",
            Location::shown(&pipeline.campaign.journal)
        );
    }
    confirm(&settings, &survey, test_recipient.as_ref())?;
    let relays = relays::open(&settings)?;
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
    let fault = submit_all(
        &pipeline,
        source,
        survey.messages,
        relays,
        settings.policy,
        journaled.as_ref(),
        claimer.map(|claimer| (claimer, Arc::clone(&claims))),
        &mut tally,
    )?;
    tally.print_summary(started.elapsed());
    let verbose = pipeline.campaign.verbose;
    let skipped = journaled.as_ref().map_or(0, |(_, outbox)| outbox.skipped());
    let elsewhere = claims.elsewhere() + usize::try_from(skipped).unwrap_or(usize::MAX);
    let status = conclude(
        fault,
        &tally,
        survey.messages,
        sending,
        verbose,
        elsewhere > 0,
    );
    if elsewhere > 0 {
        println!(
            "`{elsewhere}` recipient(s) were left to the other senders of the shared journal (`missive status` shows the whole campaign)"
        );
    }
    if let Some(fault) = claims.take_fault() {
        eprintln!("error: {fault}");
        eprintln!("the run stopped: fix the cause and run `missive send` again to go on");
        return Ok(ExitStatus::Stopped);
    }
    Ok(status)
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

/// The messages the first pass keeps for the second.
type Kept = Vec<Arc<Outgoing>>;

/// One item of the list, with its position.
type Item = (usize, Result<Outgoing, Problem>);

/// Items handed from the thread that composes them to the one that records them, at once.
const HAND_OVER: usize = 64;

/// First pass: nothing leaves unless every row renders and composes. The journal, when there
/// is one, records the list and says which recipients this run leaves alone (sent already…).
/// Returns the messages to send too, while they fit in [`KEEP_BUDGET`].
fn first_pass(
    pipeline: &Pipeline,
    rows: recipients::CsvRecipients,
    limit: usize,
    skip_invalid: bool,
    mut plan: Option<Plan<'_>>,
    mut review: Option<ReviewLock>,
) -> Result<(Survey, Option<Kept>), RunError> {
    let mut survey = Survey::default();
    let mut kept = Some(Vec::new());
    // The memory the kept messages hold, and the shared runs counted in it.
    let (mut held, mut seen) = (0, HashSet::new());
    let budget = keep_budget();
    // The messages are composed on one thread (and the cores it shares them with) while
    // this one records them: the journal's list, the review's plan, what is kept.
    std::thread::scope(|scope| {
        let (batches, composed) = std::sync::mpsc::sync_channel::<Vec<Item>>(4);
        scope.spawn(move || {
            let mut items = pipeline.messages(rows).enumerate();
            loop {
                let batch: Vec<Item> = items.by_ref().take(HAND_OVER).collect();
                if batch.is_empty() || batches.send(batch).is_err() {
                    return;
                }
            }
        });
        for (position, item) in composed.into_iter().flatten() {
            if let Err(fault @ Problem::DuplicateIndex(_)) = &item {
                // Not a row's fault: the rest of the list cannot be checked, so nothing
                // goes, `--skip-invalid` or not.
                return Err(RunError::Refused(fault.to_string()));
            }
            if let Some(review) = &mut review {
                review.record(&item);
            }
            if let Some(plan) = &mut plan
                && !plan.take(position, &item)?
            {
                continue;
            }
            if item.is_ok() && survey.messages >= limit {
                continue;
            }
            survey.record(&item);
            if let (Some(messages), Ok(message)) = (&mut kept, item) {
                held += message.held(&mut seen);
                if held <= budget {
                    messages.push(Arc::new(message));
                } else {
                    kept = None;
                    seen = HashSet::new();
                }
            }
        }
        Ok(())
    })?;
    if survey.errors > 0 && !skip_invalid {
        // The plan is dropped unfinished: the journal keeps the list it had.
        return Err(RunError::InvalidRows {
            count: survey.errors,
        });
    }
    if let Some(review) = review {
        review.check(pipeline)?;
    }
    let held = plan.map(Plan::finish).transpose()?.unwrap_or_default();
    for line in held_lines(&held) {
        println!("{line}");
    }
    Ok((survey, kept))
}

/// How the run ended, told in words and as the exit status.
fn conclude(
    fault: Option<deliver::Fault>,
    tally: &Tally,
    expected: usize,
    sending: Option<Sending>,
    verbose: bool,
    others_at_work: bool,
) -> ExitStatus {
    let interrupted = sending
        .as_ref()
        .is_some_and(|s| s.writer.outbox().is_interrupted());
    let counts = match sending.map(|s| finish_journal(s, verbose)) {
        None => None,
        Some(Ok(counts)) => Some(counts),
        Some(Err(error)) => {
            eprintln!("error: {error}");
            eprintln!("the run stopped: fix the cause and run `missive send` again");
            return ExitStatus::Stopped;
        }
    };
    if interrupted {
        eprintln!("stopped by Ctrl-C (or SIGTERM): nothing is left half-sent in the journal");
        for step in counts.as_ref().map(Counts::next_steps).unwrap_or_default() {
            eprintln!("next: {step}");
        }
        return ExitStatus::Stopped;
    }
    if let Some(fault) = fault {
        eprintln!("error: {fault}");
        eprintln!(
            "the run stopped: {} message(s) were not attempted; fix the cause and run `missive send` again",
            expected.saturating_sub(tally.attempted())
        );
        return ExitStatus::Stopped;
    }
    let all_sent = match counts {
        Some(counts) => {
            for step in counts.next_steps() {
                println!("next: {step}");
            }
            // Other senders of a shared journal have the rest: this run answers for what it
            // sent.
            counts.all_sent() || (others_at_work && tally.all_sent())
        }
        None => tally.all_sent(),
    };
    if all_sent {
        ExitStatus::Success
    } else {
        ExitStatus::NotAllDelivered
    }
}

fn open_journal(args: &SendArgs, pipeline: &Pipeline) -> Result<SendJournal, JournalError> {
    let resend = Resend {
        failed: args.retry_failed,
        uncertain: args.retry_uncertain,
    };
    let journal = SendJournal::open_campaign(
        &pipeline.campaign.journal,
        &pipeline.campaign.id,
        pipeline.revision(),
        args.new_revision,
        resend,
    )?;
    if let Some(warning) = journal.abandoned_warning() {
        eprintln!("warning: {warning}");
    }
    Ok(journal)
}

/// A run with nothing left to send: says what the journal holds.
fn nothing_left(journal: &SendJournal) -> Result<ExitStatus, RunError> {
    let counts = journal.counts()?;
    println!("nothing to send (journal `{}`)", journal.name());
    for step in counts.next_steps() {
        println!("next: {step}");
    }
    Ok(if counts.all_sent() {
        ExitStatus::Success
    } else {
        ExitStatus::NotAllDelivered
    })
}

/// Writes the last outcomes; no row is left `sending`.
fn finish_journal(sending: Sending, verbose: bool) -> Result<Counts, JournalError> {
    let (journal, stats, unanswered) = sending.finish()?;
    if unanswered > 0 {
        eprintln!(
            "warning: `{unanswered}` message(s) got no reply before the run stopped: they are uncertain (see `missive report`)"
        );
    }
    if verbose {
        println!("journal `{}`: {stats}", journal.name());
    }
    journal.counts()
}

fn confirm(
    settings: &SendSettings,
    survey: &Survey,
    test_recipient: Option<&Address>,
) -> Result<(), RunError> {
    let target = match test_recipient {
        Some(address) => format!("all to {address} (test send)"),
        None => format!("{} recipient(s)", survey.messages),
    };
    let plan = format!(
        "{} message(s), {} in all, {target}, {}, {}",
        survey.messages,
        Size(survey.bytes),
        relays::describe(settings),
        pace(&settings.pace(), survey.messages)
    );
    if settings.yes {
        println!("sending {plan}");
        return Ok(());
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(RunError::Refused(format!(
            "about to send {plan}, but there is no terminal to confirm on; add `--yes` to send without asking"
        )));
    }
    eprint!("About to send {plan}.\nSend now? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| RunError::Refused(format!("cannot read the answer: {e}")))?;
    if matches!(
        answer.trim().to_lowercase().as_str(),
        "y" | "yes" | "o" | "oui"
    ) {
        Ok(())
    } else {
        Err(RunError::Refused("nothing sent: not confirmed".into()))
    }
}

/// The limits in force and how long they make the run last, for the plan a person confirms.
pub fn pace(plan: &Pace, messages: usize) -> String {
    let mut limits = relays::limits(plan);
    limits.extend(
        plan.per_domain
            .iter()
            .map(|(domain, rate)| format!("{rate} for {domain}")),
    );
    if let Some(window) = plan.window {
        limits.push(format!("only {window}"));
    }
    match relays::duration(plan, messages) {
        None => format!("no rate limit ({})", join_or_none(&limits)),
        Some(duration) => format!(
            "limits {}, about {} of sending",
            limits.join(", "),
            Duration(duration)
        ),
    }
}

fn join_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

/// A duration as people read it: `2 h 05 min`, `40 s`.
struct Duration(std::time::Duration);

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seconds = self.0.as_secs();
        match seconds {
            0..60 => write!(f, "{seconds} s"),
            60..3600 => write!(f, "{} min {:02} s", seconds / 60, seconds % 60),
            _ => write!(f, "{} h {:02} min", seconds / 3600, seconds % 3600 / 60),
        }
    }
}
