//! Delivery: messages go to the relay over a few reused SMTP sessions, and each comes back
//! as an [`Outcome`]. A failure for one recipient is data; only faults that stop every
//! message (the relay unreachable, the login refused) end the run.

mod ledger;
pub mod login;
mod queue;
mod relay_url;
pub mod retry;
mod session;
pub mod throttle;
mod tls_stream;
pub mod window;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::compose::Outgoing;
pub use ledger::{Admission, Ledger, Unrecorded};
use queue::{Job, Queue};
pub use relay_url::{RelayUrl, RelayUrlError, Security};
pub use retry::RetryPolicy;
pub use session::{Connector, Pass, Session, SessionError, SubmitError, Timeouts};
pub use throttle::{Rate, Throttle};
pub use window::{Schedule, SendingWindow};

/// The server's reply, as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: Option<u16>,
    pub text: String,
}

impl std::fmt::Display for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.code {
            Some(code) => write!(f, "{code} {}", self.text),
            None => f.write_str(&self.text),
        }
    }
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The relay accepted it.
    Sent(Reply),
    /// The relay refused it for good (5xx).
    Failed(Reply),
    /// The relay asked to try later (4xx), or the session broke before the message was handed
    /// over: sending it again cannot duplicate it.
    Deferred(Reply),
    /// The message was handed over but no reply came: it may have been delivered.
    Uncertain(Reply),
}

/// One message's result.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub message: Arc<Outgoing>,
    pub outcome: Outcome,
    /// Attempts made, this one included.
    pub attempts: u32,
    /// The relay that gave the outcome, as its URL without credentials; `None` when no relay
    /// was reached for it (the run stopped before its retry).
    pub relay: Option<Arc<str>>,
}

/// How sessions are used and failures handled.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// SMTP sessions at once (lettre's pool does not bound this; we do).
    pub concurrency: usize,
    /// Messages before a session is renewed.
    pub per_connection: usize,
    pub retry: RetryPolicy,
    /// This many refusals or deferrals in a row stop the run: the relay is likely blocking us.
    pub max_consecutive_failures: usize,
    pub schedule: Schedule,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            concurrency: 2,
            per_connection: 100,
            retry: RetryPolicy::default(),
            max_consecutive_failures: 20,
            schedule: Schedule::default(),
        }
    }
}

/// What the sessions share.
struct Shared {
    connector: Arc<Connector>,
    /// The relay as reports name it.
    relay: Arc<str>,
    ledger: Arc<dyn Ledger>,
    throttle: Arc<Throttle>,
    policy: SessionPolicy,
    queue: Queue,
    results: mpsc::Sender<Delivered>,
    stop: Arc<AtomicBool>,
    failures_in_a_row: AtomicUsize,
    announced_wait: AtomicBool,
}

/// Sends every message received on `jobs` and reports each on `results`. Setting `stop`
/// lets the messages in sessions finish and starts no other. Returns the fault that stopped
/// the run, if one did; messages not yet taken stay unsent.
pub async fn deliver(
    connector: Arc<Connector>,
    ledger: Arc<dyn Ledger>,
    throttle: Arc<Throttle>,
    policy: SessionPolicy,
    jobs: mpsc::Receiver<Arc<Outgoing>>,
    results: mpsc::Sender<Delivered>,
    stop: Arc<AtomicBool>,
) -> Result<(), SessionError> {
    let shared = Arc::new(Shared {
        relay: Arc::from(connector.relay().to_string()),
        connector,
        ledger,
        throttle,
        policy,
        queue: Queue::new(jobs),
        results,
        stop,
        failures_in_a_row: AtomicUsize::new(0),
        announced_wait: AtomicBool::new(false),
    });
    // One session first: a refused login or an untrusted certificate then costs a single
    // attempt, not one per session, and nothing else starts.
    let mut first = None;
    if policy
        .schedule
        .wait_from(chrono::Local::now().naive_local())
        .is_none()
    {
        match shared.connector.connect().await {
            Ok(session) => first = Some(session),
            Err(error) if !error.is_transient() => return Err(error),
            // The relay is unreachable for now: the sessions retry as they would later on.
            Err(_) => {}
        }
    }
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..policy.concurrency.max(1) {
        workers.spawn(worker(Arc::clone(&shared), first.take()));
    }
    let mut fault = None;
    while let Some(joined) = workers.join_next().await {
        match joined {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                fault.get_or_insert(error);
            }
            Err(panic) => std::panic::resume_unwind(panic.into_panic()),
        }
    }
    // Deferred messages still waiting for their retry when the run stopped.
    for job in shared.queue.abandon_waiting() {
        let _ = shared
            .results
            .send(Delivered {
                message: job.message,
                outcome: Outcome::Deferred(Reply {
                    code: None,
                    text: "not retried: the run stopped".into(),
                }),
                attempts: job.attempt - 1,
                relay: None,
            })
            .await;
    }
    fault.map_or(Ok(()), Err)
}

async fn worker(shared: Arc<Shared>, first: Option<Session>) -> Result<(), SessionError> {
    let mut session = first;
    let result = work(&shared, &mut session).await;
    if result.is_err() {
        shared.stop.store(true, Ordering::Relaxed);
    }
    if let Some(open) = session {
        open.quit().await;
    }
    result
}

async fn work(shared: &Shared, session: &mut Option<Session>) -> Result<(), SessionError> {
    let policy = &shared.policy;
    loop {
        if shared.stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        let Some(job) = shared.queue.next().await else {
            return Ok(());
        };
        if shared.stop.load(Ordering::Relaxed) {
            shared.queue.give_back(job, Instant::now());
            return Ok(());
        }
        wait_for_window(shared).await;
        shared.throttle.wait_turn(domain_of(&job.message)).await;
        let reusable = match session.take() {
            Some(open) if open.is_usable() && open.submitted < policy.per_connection => Some(open),
            Some(spent) => {
                spent.quit().await;
                None
            }
            None => None,
        };
        let reused = reusable.is_some();
        let mut open = match reusable {
            Some(open) => open,
            None => match shared.connector.connect().await {
                Ok(open) => open,
                Err(error) => {
                    retry_after_connect_failure(shared, job, error)?;
                    continue;
                }
            },
        };
        // The journal writes the mark while the envelope crosses the network; the message
        // itself goes only once the mark is on the disk.
        let message = Arc::clone(&job.message);
        let mut pass = Pass::new(shared.ledger.admit(&message));
        let mut result = open
            .submit(&message.envelope, &message.bytes, &mut pass)
            .await;
        if reused && is_dead_session(&result) {
            // A reused session the server had closed or forgotten (after a refusal, or idle
            // too long): nothing was handed over, so a fresh session may carry the message.
            open = match shared.connector.connect().await {
                Ok(open) => open,
                Err(error) => {
                    // Admitted but not handed over: the journal must not keep it `sending`.
                    shared.ledger.record(&Delivered {
                        message: Arc::clone(&job.message),
                        outcome: Outcome::Deferred(Reply {
                            code: None,
                            text: error.to_string(),
                        }),
                        attempts: job.attempt,
                        relay: Some(Arc::clone(&shared.relay)),
                    });
                    retry_after_connect_failure(shared, job, error)?;
                    continue;
                }
            };
            result = open
                .submit(&message.envelope, &message.bytes, &mut pass)
                .await;
        }
        if matches!(result, Err(SubmitError::NotAdmitted)) {
            // Interrupted, or the journal cannot be written: this message stays unsent.
            *session = open.is_usable().then_some(open);
            shared.queue.give_back(job, Instant::now());
            return Ok(());
        }
        let outcome = classify(result);
        let closes_session = matches!(&outcome, Outcome::Deferred(r) if r.code == Some(421));
        if open.is_usable() && !closes_session {
            *session = Some(open);
        }
        settle(shared, job, outcome).await?;
    }
}

/// Records an outcome: retries what may be retried, paces the run by what the relay says.
async fn settle(shared: &Shared, job: Job, outcome: Outcome) -> Result<(), SessionError> {
    // The journal learns every outcome, retried ones too, before this session's next mark.
    shared.ledger.record(&Delivered {
        message: Arc::clone(&job.message),
        outcome: outcome.clone(),
        attempts: job.attempt,
        relay: Some(Arc::clone(&shared.relay)),
    });
    match &outcome {
        Outcome::Sent(_) => {
            shared.throttle.recover();
            shared.failures_in_a_row.store(0, Ordering::Relaxed);
        }
        Outcome::Deferred(reply) => {
            if matches!(reply.code, Some(421 | 451 | 452 | 454)) {
                shared.throttle.slow_down();
            }
            let failures = shared.failures_in_a_row.fetch_add(1, Ordering::Relaxed) + 1;
            if failures >= shared.policy.max_consecutive_failures {
                shared.queue.retry(job, Instant::now());
                return Err(SessionError::TooManyFailures {
                    count: failures,
                    last: reply.to_string(),
                });
            }
            if shared.policy.retry.allows_another(job.attempt) {
                let delay = shared.policy.retry.delay(job.attempt, fastrand::f64());
                shared.queue.retry(job, Instant::now() + delay);
                return Ok(());
            }
        }
        Outcome::Failed(reply) => {
            let failures = shared.failures_in_a_row.fetch_add(1, Ordering::Relaxed) + 1;
            if failures >= shared.policy.max_consecutive_failures {
                report(shared, job, outcome.clone()).await;
                return Err(SessionError::TooManyFailures {
                    count: failures,
                    last: reply.to_string(),
                });
            }
        }
        Outcome::Uncertain(_) => {}
    }
    report(shared, job, outcome).await;
    Ok(())
}

async fn report(shared: &Shared, job: Job, outcome: Outcome) {
    shared.queue.done();
    let _ = shared
        .results
        .send(Delivered {
            message: job.message,
            outcome,
            attempts: job.attempt,
            relay: Some(Arc::clone(&shared.relay)),
        })
        .await;
}

/// A session could not be opened. Faults that no retry can mend (a refused login, a
/// certificate not trusted) stop the run; the others are retried like a 4xx.
fn retry_after_connect_failure(
    shared: &Shared,
    job: Job,
    error: SessionError,
) -> Result<(), SessionError> {
    if !error.is_transient() || !shared.policy.retry.allows_another(job.attempt) {
        shared.queue.give_back(job, Instant::now());
        return Err(error);
    }
    let delay = shared.policy.retry.delay(job.attempt, fastrand::f64());
    eprintln!(
        "warning: {error}; trying again in {} s",
        delay.as_secs().max(1)
    );
    // The message was not handed over: it counts the failed connection as an attempt so
    // that a relay down for good ends the run after `max_attempts`.
    shared.queue.retry(job, Instant::now() + delay);
    Ok(())
}

async fn wait_for_window(shared: &Shared) {
    let now = chrono::Local::now().naive_local();
    if let Some((wait, opens)) = shared.policy.schedule.wait_from(now) {
        if !shared.announced_wait.swap(true, Ordering::Relaxed) {
            eprintln!(
                "outside the sending window: waiting until {} before sending",
                opens.format("%Y-%m-%d %H:%M")
            );
        }
        tokio::time::sleep(wait).await;
        shared.announced_wait.store(false, Ordering::Relaxed);
    }
}

fn domain_of(message: &Outgoing) -> &str {
    message
        .envelope
        .to()
        .first()
        .map_or("", |address| address.domain())
}

fn is_dead_session(
    result: &Result<lettre::transport::smtp::response::Response, SubmitError>,
) -> bool {
    match result {
        Err(SubmitError::BeforeData(error)) => !error.is_transient() && !error.is_permanent(),
        Err(SubmitError::SessionLost(_)) => true,
        _ => false,
    }
}

fn classify(result: Result<lettre::transport::smtp::response::Response, SubmitError>) -> Outcome {
    match result {
        Ok(response) => Outcome::Sent(Reply {
            code: Some(u16::from(response.code())),
            text: response.message().collect::<Vec<_>>().join(" "),
        }),
        Err(
            SubmitError::BeforeData(error)
            | SubmitError::SessionLost(error)
            | SubmitError::Refused(error),
        ) => {
            let reply = Reply {
                code: error.status().map(u16::from),
                text: reply_text(&error),
            };
            if error.is_permanent() {
                Outcome::Failed(reply)
            } else {
                Outcome::Deferred(reply)
            }
        }
        Err(SubmitError::Timeout(step)) => Outcome::Deferred(Reply {
            code: None,
            text: format!("no reply while {step}"),
        }),
        Err(SubmitError::NotAdmitted) => unreachable!("a message not admitted is given back"),
        Err(SubmitError::Unanswered(reason)) => Outcome::Uncertain(Reply {
            code: None,
            text: reason,
        }),
    }
}

/// The server's words without lettre's framing ("permanent error (550): …").
fn reply_text(error: &lettre::transport::smtp::Error) -> String {
    let mut text = error.to_string();
    if let Some(source) = std::error::Error::source(error) {
        text = source.to_string();
    }
    text.trim().to_string()
}
