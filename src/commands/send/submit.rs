//! `send`'s second half: the messages fed to the sessions (claimed a chunk at a time by a
//! file journal), the delivery run on its own runtime, and what comes back tallied, with
//! Ctrl-C and SIGTERM stopping it cleanly.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::interrupt::{self, Pause, Stop, Stopping};
use super::{KEEP_BUDGET, Source};
use crate::compose::Outgoing;
use crate::deliver::{self, Ledger, Report, SessionPolicy, Unrecorded};
use crate::events::{Event, Notice, Observer};
use crate::journal::{ClaimTally, Claimed, Claimer, Outbox, Selection};
use crate::pipeline::{Pipeline, RunError};
use crate::report::Tally;

/// Puts the messages in the sessions' line until it ends or the run stops; with `claimer`,
/// each chunk is claimed once the line has room for all of it, just before it enters (the
/// feeding thread then wakes once a chunk, not once a message).
fn feed(
    messages: impl Iterator<Item = Arc<Outgoing>>,
    claimer: Option<&dyn Ledger>,
    jobs: &mpsc::Sender<Arc<Outgoing>>,
    runtime: &tokio::runtime::Handle,
    stop: &deliver::Stop,
) {
    let mut chunk = Vec::with_capacity(CLAIM_AHEAD);
    let put = |chunk: &mut Vec<Arc<Outgoing>>| {
        let Some(ledger) = claimer else {
            return chunk
                .drain(..)
                .all(|message| !stop.is_set() && jobs.blocking_send(message).is_ok());
        };
        if chunk.is_empty() {
            return true;
        }
        let Ok(permits) = runtime.block_on(jobs.reserve_many(chunk.len())) else {
            return false;
        };
        if stop.is_set() {
            return false;
        }
        ledger.claim(chunk);
        permits
            .zip(chunk.drain(..))
            .for_each(|(permit, message)| permit.send(message));
        true
    };
    for message in messages {
        chunk.push(message);
        if (claimer.is_none() || chunk.len() == CLAIM_AHEAD) && !put(&mut chunk) {
            return;
        }
    }
    put(&mut chunk);
}

/// How often the outcomes reported by the sessions are tallied and the progress drawn.
const TALLY_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

/// Messages a file journal claims in one synced commit, ahead of the sessions: after a
/// power cut during a run at most about twice this many come back `uncertain` besides those
/// in flight (a killed run leaves none: see `Journal::settle_abandoned`).
const CLAIM_AHEAD: usize = 64;

/// Streams the messages to the delivery stage and tallies what comes back. With a journal,
/// only the recipients it selects go, and Ctrl-C or SIGTERM stop the run cleanly: nothing
/// new starts, messages in flight are given [`interrupt::GRACE`] to finish.
#[allow(clippy::too_many_arguments)] // the run's parts, each used once
pub(super) fn submit_all(
    pipeline: &Pipeline,
    source: Source,
    expected: usize,
    relays: deliver::Relays,
    policy: SessionPolicy,
    journal: Option<&(Selection, Arc<Outbox>)>,
    claims: Option<(Box<dyn Claimer>, Arc<ClaimTally>)>,
    pause: Option<&Pause>,
    tally: &mut Tally,
    observer: &mut dyn Observer,
) -> Result<Option<deliver::Fault>, RunError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(RunError::Runtime)?;
    // Messages kept from the first pass are in memory already: the sessions take them
    // without waking the thread that feeds them at each message. Streamed ones wait in a
    // short line, so memory stays flat; so do those of a shared journal, each claimed on
    // its way into the line, so that the other senders find the rest unclaimed.
    // A file journal claims the messages a chunk at a time before they enter the line (one
    // synced commit per chunk instead of one per message): the line then holds two chunks,
    // so that what is claimed stays close to what is sent.
    let claims_ahead = journal.is_some() && claims.is_none();
    let capacity = match &source {
        Source::Kept(messages) if journal.is_none() => messages.len().max(1),
        // A chunk in the line while the next is claimed.
        _ if claims_ahead => 2 * CLAIM_AHEAD,
        Source::Kept(_) | Source::Rows(_) => policy.concurrency * 2 + 8,
    };
    let (jobs, queue) = mpsc::channel::<Arc<Outgoing>>(capacity);
    let stop = Arc::new(deliver::Stop::default());
    let selection = journal.map(|(selection, _)| selection);
    let ledger: Arc<dyn Ledger> = match journal {
        Some((_, outbox)) => Arc::clone(outbox) as Arc<dyn Ledger>,
        None => Arc::new(Unrecorded),
    };
    let elsewhere = claims.as_ref().map(|(_, tally)| Arc::clone(tally));
    let claimer = claims_ahead.then(|| Arc::clone(&ledger));
    let handle = runtime.handle().clone();
    let fault = std::thread::scope(|scope| {
        let stopped = Arc::clone(&stop);
        scope.spawn(move || {
            let messages: Box<dyn Iterator<Item = Arc<Outgoing>>> = match source {
                Source::Kept(messages) => Box::new(messages.into_iter()),
                Source::Rows(rows) => Box::new(
                    pipeline
                        .messages(rows)
                        .filter_map(Result::ok)
                        // Whole, or to the addresses still to send.
                        .filter_map(|message| match selection {
                            Some(selection) => selection.to_send(message),
                            None => Some(message),
                        })
                        .take(expected)
                        .map(Arc::new),
                ),
            };
            // A few per session at a time, so that senders sharing a journal interleave;
            // then what the others let go (a sender that died), until each is finished.
            let messages = match claims {
                Some((claimer, tally)) => {
                    let batch = (policy.concurrency * 2).clamp(4, 64);
                    let stop = Arc::clone(&stopped);
                    Box::new(
                        Claimed::new(messages, claimer, batch, tally)
                            .taking_over(KEEP_BUDGET, move || stop.is_set()),
                    )
                }
                None => messages,
            };
            feed(messages, claimer.as_deref(), &jobs, &handle, &stopped);
        });
        runtime.block_on(async {
            let (results, received) = mpsc::unbounded_channel::<Report>();
            let delivery = tokio::spawn(deliver::deliver(
                relays,
                ledger,
                policy,
                queue,
                results,
                Arc::clone(&stop),
            ));
            let ended = follow(
                delivery,
                received,
                &stop,
                journal,
                elsewhere.as_deref(),
                pause,
                observer,
                tally,
            )
            .await;
            observer.event(&Event::SendingEnded);
            match ended {
                Ok(result) => result.err(),
                Err(stopped) if stopped.is_cancelled() => None,
                Err(panic) => std::panic::resume_unwind(panic.into_panic()),
            }
        })
    });
    Ok(fault)
}

/// Tallies the outcomes the sessions report, and tells them to the observer, a few times a
/// second rather than as each comes (the sessions do not wake this thread at every
/// message), until the delivery ends; Ctrl-C or SIGTERM (or the web app's `pause`), or a
/// reader of the events that went away, stop it gently, a second signal at once.
#[allow(clippy::too_many_arguments)] // the run's parts, each used once
async fn follow(
    mut delivery: tokio::task::JoinHandle<Result<(), deliver::Fault>>,
    mut received: mpsc::UnboundedReceiver<Report>,
    stop: &deliver::Stop,
    journal: Option<&(Selection, Arc<Outbox>)>,
    elsewhere: Option<&ClaimTally>,
    pause: Option<&Pause>,
    observer: &mut dyn Observer,
    tally: &mut Tally,
) -> Result<Result<(), deliver::Fault>, tokio::task::JoinError> {
    // Without a journal (a test send) Ctrl-C keeps its default: it ends the process.
    let mut stopping = Stopping::new(journal.is_some(), pause);
    let mut tick = tokio::time::interval(TALLY_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut told_elsewhere = 0;
    let mut tally_new = |observer: &mut dyn Observer| {
        while let Ok(report) = received.try_recv() {
            match report {
                // Given back untried when the run stopped: it is still to send.
                Report::Delivered(delivered) if delivered.attempts == 0 => {}
                Report::Delivered(delivered) => {
                    tally.record(&delivered);
                    observer.event(&Event::Delivered(&delivered));
                }
                Report::Notice(notice) => observer.event(&Event::Notice(&notice)),
            }
        }
        if let Some(elsewhere) = elsewhere {
            let count = elsewhere.elsewhere();
            if count != told_elsewhere {
                told_elsewhere = count;
                observer.event(&Event::Elsewhere { count });
            }
        }
    };
    let gently = |observer: &mut dyn Observer| {
        stop.set();
        if let Some((_, outbox)) = journal {
            outbox.interrupt();
        }
        observer.event(&Event::Notice(&Notice::Stopping {
            grace: interrupt::GRACE,
            in_flight: stop.in_flight(),
        }));
    };
    let mut reader_gone = false;
    let ended = loop {
        tokio::select! {
            ended = &mut delivery => break ended,
            _ = tick.tick() => {
                tally_new(observer);
                if observer.is_closed() && !reader_gone {
                    // Whoever read the events went away (`| head`): stop as Ctrl-C does.
                    reader_gone = true;
                    gently(observer);
                }
            }
            how = stopping.next() => if how == Stop::Gently {
                gently(observer);
            } else {
                delivery.abort();
            }
        }
    };
    // Every session is over: what they reported is all in the line.
    tally_new(observer);
    ended
}
