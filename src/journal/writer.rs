//! The journal's writer: one thread owns the journal for the whole send, and the delivery
//! workers talk to it through an [`Outbox`].
//!
//! A message the mark log holds (a file journal: claimed ahead, then marked in the log by its
//! session) goes without waiting for the writer; its `sending` row and its outcome reach the
//! journal with the next commit. Any other message waits for its `sending` mark to be
//! committed (synced to the disk) before it goes to the relay. The writer commits every
//! request waiting at once in one transaction, so the price of a sync is shared; requests
//! nobody waits for do not wake it (see [`super::requests`]). Requests are applied in the
//! order they were made: a worker records an outcome before it asks for its next mark, so
//! after a kill at most one row per worker is left `sending`.
//!
//! Only a batch holding a claim, or a mark the log does not hold, is synced
//! (`synchronous=FULL`): the rest is committed without waiting for the disk (`NORMAL`, still
//! safe from a killed process). Were the machine itself to lose power in between, those
//! messages would come back `uncertain`, never lost and never silently doubled.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::addresses::PerAddress;
use super::backend::{Answer, Backend, Change, Mark};
use super::mark_log::{MarkLog, Outcome};
use super::requests::Line;
use super::{AddressAnswer, JournalError, State};
use crate::compose::Outgoing;
use crate::deliver::{Admission, Delivered, Ledger, Reply, Verdict};

enum Request {
    Mark {
        key: String,
        row: String,
        to: String,
        message_id: String,
        /// The addresses in flight, for a message with per-address outcomes.
        addresses: Vec<String>,
        /// Told once the mark is written; `None`: nobody waits (the mark log holds it).
        committed: Option<oneshot::Sender<Verdict>>,
    },
    Record {
        key: String,
        state: State,
        code: Option<u16>,
        reply: String,
        /// The relay that gave the outcome, without credentials; `None`: none was reached.
        relay: Option<String>,
        /// Each address's outcome, when the message has per-address outcomes.
        addresses: Vec<AddressAnswer>,
    },
    /// Messages about to be queued, claimed in one synced commit ahead of their marks.
    Claim {
        keys: Vec<String>,
    },
    Close,
}

/// What the journal cost a run.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WriterStats {
    pub commits: u64,
    /// `sending` marks written (one per message handed to the relay).
    pub marks: u64,
    pub records: u64,
    /// Messages claimed ahead of their marks.
    pub claims: u64,
    /// Time spent writing and syncing.
    pub busy: Duration,
    /// Time the sessions waited for their marks, in all.
    pub waited: Duration,
}

impl WriterStats {
    /// Writing time per message handed to the relay.
    pub(crate) fn per_message(&self) -> Duration {
        self.busy / self.marks_divisor()
    }

    /// How long a session waited for a message's mark, on average.
    pub(crate) fn wait_per_message(&self) -> Duration {
        self.waited / self.marks_divisor()
    }

    fn marks_divisor(&self) -> u32 {
        u32::try_from(self.marks.max(1)).unwrap_or(u32::MAX)
    }
}

impl std::fmt::Display for WriterStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let millis = |duration: std::time::Duration| {
            let text = format!("{:.3}", duration.as_secs_f64() * 1e3);
            match crate::i18n::lang() {
                crate::i18n::Lang::Fr => text.replace('.', ","),
                crate::i18n::Lang::En => text,
            }
        };
        f.write_str(&t!(
            "journal-writer-stats",
            marks = self.marks,
            commits = self.commits,
            writing = millis(self.per_message()),
            waiting = millis(self.wait_per_message())
        ))
    }
}

/// The journal as the delivery workers see it: see the module documentation.
pub(crate) struct Outbox {
    requests: Arc<Line<Request>>,
    revision: String,
    interrupted: AtomicBool,
    failed: AtomicBool,
    /// Nanoseconds the workers waited for their marks, summed.
    waited: AtomicU64,
    /// Messages left to another sender of a shared journal, at their mark.
    skipped: AtomicU64,
    /// A file journal's mark log (see [`MarkLog`]).
    log: Option<MarkLog>,
    /// The messages with per-address outcomes.
    per_address: PerAddress,
}

impl Outbox {
    /// From now on nothing new is handed to the relay (Ctrl-C); messages already handed over
    /// finish and are recorded.
    pub(crate) fn interrupt(&self) {
        self.interrupted.store(true, Ordering::SeqCst);
    }

    pub(crate) fn is_interrupted(&self) -> bool {
        self.interrupted.load(Ordering::SeqCst)
    }

    /// Whether a write failed: the run must stop, the error comes from [`JournalWriter::finish`].
    pub(crate) fn has_failed(&self) -> bool {
        self.failed.load(Ordering::SeqCst)
    }

    /// How long the workers waited for their marks, in all.
    pub(crate) fn waited(&self) -> Duration {
        Duration::from_nanos(self.waited.load(Ordering::Relaxed))
    }

    /// Messages left to another sender of a shared journal when they were about to go.
    pub(crate) fn skipped(&self) -> u64 {
        self.skipped.load(Ordering::Relaxed)
    }
}

impl Ledger for Outbox {
    fn admit<'a>(&'a self, message: &'a Outgoing) -> Admission<'a> {
        let in_flight = self.per_address.in_flight(message);
        if let Some(log) = &self.log
            && log.is_claimed(&message.key)
        {
            let verdict = if self.is_interrupted() || self.has_failed() {
                Verdict::Stop
            } else if log.mark(&message.key, &in_flight) {
                // Nobody waits for it: it goes with the next commit.
                let request = Request::mark(message, in_flight, None);
                let _ = self.requests.push(request, false);
                Verdict::Send
            } else {
                // The log cannot be written: nothing goes without its mark.
                self.failed.store(true, Ordering::SeqCst);
                Verdict::Stop
            };
            return Box::pin(std::future::ready(verdict));
        }
        let committed = (!self.is_interrupted() && !self.has_failed())
            .then(|| {
                // In the log too, though it waits for its commit: an outcome of an earlier
                // attempt may be there, and a killed run's log must not end on it.
                if let Some(log) = &self.log
                    && !log.mark(&message.key, &in_flight)
                {
                    self.failed.store(true, Ordering::SeqCst);
                    return None;
                }
                let (committed, answer) = oneshot::channel();
                let request = Request::mark(message, in_flight, Some(committed));
                self.requests.push(request, true).ok().map(|()| answer)
            })
            .flatten();
        let asked = Instant::now();
        Box::pin(async move {
            let Some(answer) = committed else {
                return Verdict::Stop;
            };
            let verdict = answer.await.unwrap_or(Verdict::Stop);
            if verdict == Verdict::Skip {
                self.skipped.fetch_add(1, Ordering::Relaxed);
            }
            let waited = u64::try_from(asked.elapsed().as_nanos()).unwrap_or(u64::MAX);
            self.waited.fetch_add(waited, Ordering::Relaxed);
            verdict
        })
    }

    fn claim(&self, messages: &[Arc<Outgoing>]) {
        if messages.is_empty() || self.is_interrupted() || self.has_failed() {
            return;
        }
        let keys = messages.iter().map(|message| message.key.clone()).collect();
        let _ = self.requests.push(Request::Claim { keys }, true);
    }

    fn record(&self, delivered: &Delivered) {
        let (state, reply) = State::after(&delivered.outcome);
        let addresses = self.per_address.answers(delivered);
        if let Some(log) = &self.log {
            // Before the journal hears of it: a run that dies now leaves the outcome here.
            log.outcome(&Outcome {
                key: &delivered.message.key,
                state,
                reply,
                addresses: &addresses,
            });
        }
        self.queue_record(delivered, state, reply, addresses);
    }

    fn record_then_admit(&self, delivered: &Delivered, next: &Outgoing) -> Option<Verdict> {
        let Some(log) = &self.log else {
            self.record(delivered);
            return None;
        };
        if !log.is_claimed(&next.key) || self.is_interrupted() || self.has_failed() {
            self.record(delivered);
            return None;
        }
        // One write for both lines: the outcome, then the next message's mark.
        let (state, reply) = State::after(&delivered.outcome);
        let addresses = self.per_address.answers(delivered);
        let in_flight = self.per_address.in_flight(next);
        let outcome = Outcome {
            key: &delivered.message.key,
            state,
            reply,
            addresses: &addresses,
        };
        let written = log.outcome_then_mark(&outcome, &next.key, &in_flight);
        self.queue_record(delivered, state, reply, addresses);
        if !written {
            // The log cannot be written: nothing goes without its mark.
            self.failed.store(true, Ordering::SeqCst);
            return Some(Verdict::Stop);
        }
        // Nobody waits for it: it goes with the next commit.
        let _ = self
            .requests
            .push(Request::mark(next, in_flight, None), false);
        Some(Verdict::Send)
    }
}

impl Outbox {
    /// Queues an outcome for the writer, which commits it with the next batch.
    fn queue_record(
        &self,
        delivered: &Delivered,
        state: State,
        reply: &Reply,
        addresses: Vec<AddressAnswer>,
    ) {
        // The writer is gone only once the run is over; nothing is left to record then.
        let _ = self.requests.push(
            Request::Record {
                key: delivered.message.key.clone(),
                state,
                code: reply.code,
                reply: reply.text.clone(),
                relay: delivered.relay.as_deref().map(str::to_string),
                addresses,
            },
            false,
        );
    }
}

/// The writer thread of one send run.
pub(crate) struct JournalWriter {
    outbox: Arc<Outbox>,
    thread: JoinHandle<Written>,
}

struct Written {
    journal: Box<dyn Backend>,
    stats: WriterStats,
    error: Option<JournalError>,
}

impl JournalWriter {
    /// Takes the journal over; marks record that `revision` was handed to the relay.
    /// `per_address`: the keys of the messages the journal has per-address outcomes for.
    pub(crate) fn start(
        journal: Box<dyn Backend>,
        revision: String,
        per_address: HashSet<String>,
    ) -> Result<Self, JournalError> {
        let requests = Arc::new(Line::default());
        let log = journal.mark_log().map(MarkLog::open).transpose()?;
        let outbox = Arc::new(Outbox {
            requests: Arc::clone(&requests),
            revision,
            interrupted: AtomicBool::new(false),
            failed: AtomicBool::new(false),
            waited: AtomicU64::new(0),
            skipped: AtomicU64::new(0),
            log,
            per_address: PerAddress::new(per_address),
        });
        let path = journal.name().into();
        let shared = Arc::clone(&outbox);
        let thread = std::thread::Builder::new()
            .name("journal".into())
            .spawn(move || {
                // However the thread ends, a panic included, later requests are refused
                // instead of waiting for ever.
                let closing = Closing(requests);
                serve(journal, &closing.0, &shared)
            })
            .map_err(|source| JournalError::Io { path, source })?;
        Ok(Self { outbox, thread })
    }

    pub(crate) fn outbox(&self) -> Arc<Outbox> {
        Arc::clone(&self.outbox)
    }

    /// Writes everything asked so far, stops the thread and gives the journal back.
    pub(crate) fn finish(self) -> Result<(Box<dyn Backend>, WriterStats), JournalError> {
        let _ = self.outbox.requests.push(Request::Close, true);
        let joined = self.thread.join();
        // A mark log that could not be written stopped the run: that is its cause.
        if let (Ok(_), Some(failure)) =
            (&joined, self.outbox.log.as_ref().and_then(MarkLog::failure))
        {
            return Err(failure);
        }
        match joined {
            Ok(Written {
                error: Some(error), ..
            }) => Err(error),
            Ok(Written {
                journal, mut stats, ..
            }) => {
                stats.waited = self.outbox.waited();
                Ok((journal, stats))
            }
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// Closes the line when the writer thread ends.
struct Closing(Arc<Line<Request>>);

impl Drop for Closing {
    fn drop(&mut self) {
        drop(self.0.close());
    }
}

fn serve(mut journal: Box<dyn Backend>, requests: &Line<Request>, outbox: &Outbox) -> Written {
    let mut stats = WriterStats::default();
    let mut error = None;
    let mut batch = Vec::new();
    loop {
        requests.take(&mut batch);
        let closing = batch
            .iter()
            .any(|request| matches!(request, Request::Close));
        let mut admitted = Vec::new();
        let written = error.is_none() && {
            let started = Instant::now();
            let changes: Vec<Change<'_>> = batch.iter().filter_map(Request::change).collect();
            match journal.apply(&changes, &outbox.revision) {
                Ok(answers) => {
                    admitted = answers;
                    stats.busy += started.elapsed();
                    stats.commits += 1;
                    true
                }
                Err(failure) => {
                    outbox.failed.store(true, Ordering::SeqCst);
                    error = Some(failure);
                    false
                }
            }
        };
        let mut answers = admitted.into_iter();
        for request in batch.drain(..) {
            match request {
                Request::Mark { committed, .. } => {
                    let verdict = match (written, answers.next()) {
                        (true, Some(true)) => Verdict::Send,
                        (true, Some(false)) => Verdict::Skip,
                        _ => Verdict::Stop,
                    };
                    stats.marks += u64::from(verdict == Verdict::Send);
                    if let Some(committed) = committed {
                        let _ = committed.send(verdict);
                    }
                }
                Request::Record { .. } => stats.records += u64::from(written),
                Request::Claim { keys } => {
                    stats.claims += u64::from(written) * keys.len() as u64;
                    if let (true, Some(log)) = (written, &outbox.log) {
                        log.claimed(&keys);
                    }
                }
                Request::Close => {}
            }
        }
        if closing {
            break;
        }
    }
    Written {
        journal,
        stats,
        error,
    }
}

impl Request {
    /// The `sending` mark of `message`, going to `addresses` when its message has
    /// per-address outcomes; `committed` is told once it is written.
    fn mark(
        message: &Outgoing,
        addresses: Vec<String>,
        committed: Option<oneshot::Sender<Verdict>>,
    ) -> Self {
        Request::Mark {
            key: message.key.clone(),
            row: message.at.to_string(),
            to: message.to.clone(),
            message_id: message.message_id.clone(),
            addresses,
            committed,
        }
    }

    /// What the journal writes for this request (nothing for `Close`).
    fn change(&self) -> Option<Change<'_>> {
        match self {
            Request::Mark {
                key,
                row,
                to,
                message_id,
                addresses,
                ..
            } => Some(Change::Mark(Mark {
                key,
                row,
                to,
                message_id,
                addresses,
            })),
            Request::Record {
                key,
                state,
                code,
                reply,
                relay,
                addresses,
            } => Some(Change::Record(Answer {
                key,
                state: *state,
                code: *code,
                reply,
                relay: relay.as_deref(),
                addresses,
            })),
            Request::Claim { keys } => Some(Change::Claim { keys }),
            Request::Close => None,
        }
    }
}
