//! Delivery: messages go to the relay over a few reused SMTP sessions, and each comes back
//! as an [`Outcome`]. A failure for one recipient is data; only faults that stop every
//! message (the relay unreachable, the login refused) end the run.

mod ledger;
pub mod login;
mod outcome;
mod pool;
mod queue;
mod relay_url;
pub mod retry;
mod session;
mod stop;
pub mod throttle;
mod tls_stream;
mod transaction;
pub mod window;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::compose::Outgoing;
pub use ledger::{Admission, Ledger, Unrecorded, Verdict};
pub use outcome::{Delivered, Outcome, Reply};
use outcome::{classify, is_dead_session};
use pool::Pool;
pub use pool::{CoolDown, Fault, Relay};
use queue::{Job, Queue};
pub use relay_url::{RelayUrl, RelayUrlError, Security};
pub use retry::RetryPolicy;
pub use session::{Connector, Session, SessionError, Timeouts};
pub use stop::Stop;
pub use throttle::{Rate, Throttle};
pub use transaction::{Pass, SubmitError};
pub use window::{Schedule, SendingWindow};

/// How sessions are used and failures handled.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// SMTP sessions at once, all relays together; each [`Relay`] keeps to its own share
    /// (lettre's pool does not bound this; we do).
    pub concurrency: usize,
    pub retry: RetryPolicy,
    /// This many refusals or deferrals in a row stop the run: the relay is likely blocking us.
    pub max_consecutive_failures: usize,
    pub schedule: Schedule,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            concurrency: 2,
            retry: RetryPolicy::default(),
            max_consecutive_failures: 20,
            schedule: Schedule::default(),
        }
    }
}

/// What the sessions share.
struct Shared {
    pool: Pool,
    /// Limits per recipient domain shared by the relays of a pool (a single relay's throttle
    /// holds its own).
    domains: Option<Arc<Throttle>>,
    ledger: Arc<dyn Ledger>,
    policy: SessionPolicy,
    queue: Queue,
    results: mpsc::UnboundedSender<Delivered>,
    stop: Arc<Stop>,
    failures_in_a_row: AtomicUsize,
    announced_wait: AtomicBool,
}

/// The relays of a run: one, or a pool sharing the messages by weight (see [`pool`]).
pub struct Relays {
    pub relays: Vec<Relay>,
    /// Limits per recipient domain across the pool; `None` for a single relay, whose
    /// throttle holds them.
    pub domains: Option<Arc<Throttle>>,
    pub cool_down: CoolDown,
}

/// Sends every message received on `jobs` and reports each on `results`. Setting `stop`
/// lets the messages in sessions finish and starts no other. Returns the fault that stopped
/// the run, if one did; messages not yet taken stay unsent.
pub async fn deliver(
    relays: Relays,
    ledger: Arc<dyn Ledger>,
    policy: SessionPolicy,
    jobs: mpsc::Receiver<Arc<Outgoing>>,
    results: mpsc::UnboundedSender<Delivered>,
    stop: Arc<Stop>,
) -> Result<(), Fault> {
    let shared = Arc::new(Shared {
        pool: Pool::new(relays.relays, relays.cool_down),
        domains: relays.domains,
        ledger,
        policy,
        queue: Queue::new(jobs),
        results,
        stop,
        failures_in_a_row: AtomicUsize::new(0),
        announced_wait: AtomicBool::new(false),
    });
    let mut firsts = first_sessions(&shared).await?;
    let mut workers = tokio::task::JoinSet::new();
    let mut inboxes = Vec::new();
    let mut mailboxes = Vec::new();
    if !shared.pool.is_pooled() {
        // One relay: its sessions take the messages from the queue themselves, with no
        // dispatcher between (one task and one hand-over less per message).
        let mut first = firsts[0].take();
        for _ in 0..shared.pool.members[0].relay.concurrency.max(1) {
            workers.spawn(worker(Arc::clone(&shared), 0, None, first.take()));
        }
    }
    for (index, member) in shared
        .pool
        .members
        .iter()
        .enumerate()
        .filter(|_| shared.pool.is_pooled())
    {
        // One message waits for the relay's sessions at most: the rest wait in the queue,
        // where another relay can take them if this one leaves the rotation.
        let (inbox, mailbox) = mpsc::channel::<Job>(1);
        let mailbox = Arc::new(tokio::sync::Mutex::new(mailbox));
        let mut first = firsts[index].take();
        for _ in 0..member.relay.concurrency.max(1) {
            workers.spawn(worker(
                Arc::clone(&shared),
                index,
                Some(Arc::clone(&mailbox)),
                first.take(),
            ));
        }
        inboxes.push(inbox);
        mailboxes.push(mailbox);
    }
    if shared.pool.is_pooled() {
        workers.spawn(pool::dispatch(Arc::clone(&shared), inboxes));
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
    // Messages handed to a relay whose sessions stopped before taking them.
    for mailbox in mailboxes {
        while let Ok(job) = mailbox.lock().await.try_recv() {
            shared.queue.give_back(job, Instant::now());
        }
    }
    // Deferred messages still waiting for their retry when the run stopped.
    for job in shared.queue.abandon_waiting() {
        let _ = shared.results.send(Delivered {
            message: job.message,
            outcome: Outcome::Deferred(Reply {
                code: None,
                text: "not retried: the run stopped".into(),
            }),
            attempts: job.attempt - 1,
            relay: None,
        });
    }
    fault.map_or(Ok(()), Err)
}

/// One session to each relay first: a refused login or an untrusted certificate then costs
/// a single attempt, not one per session, and nothing is sent: with a pool, a relay whose
/// password is wrong is a setting to fix before anything goes. A relay unreachable for now
/// is tried again by its sessions.
async fn first_sessions(shared: &Shared) -> Result<Vec<Option<Session>>, Fault> {
    let count = shared.pool.members.len();
    let mut firsts: Vec<Option<Session>> = (0..count).map(|_| None).collect();
    if shared
        .policy
        .schedule
        .wait_from(chrono::Local::now().naive_local())
        .is_some()
    {
        return Ok(firsts);
    }
    let mut attempts = tokio::task::JoinSet::new();
    for (index, member) in shared.pool.members.iter().enumerate() {
        let connector = Arc::clone(&member.relay.connector);
        attempts.spawn(async move { (index, connector.connect().await) });
    }
    let mut fault = None;
    while let Some(joined) = attempts.join_next().await {
        match joined {
            Ok((index, Ok(session))) => firsts[index] = Some(session),
            Ok((index, Err(error))) if !error.is_transient() => {
                fault.get_or_insert(shared.pool.fault(index, error));
            }
            Ok((index, Err(error))) => shared.pool.failed(index, &error.to_string()),
            Err(panic) => std::panic::resume_unwind(panic.into_panic()),
        }
    }
    if let Some(fault) = fault {
        for open in firsts.into_iter().flatten() {
            open.quit().await;
        }
        return Err(fault);
    }
    Ok(firsts)
}

async fn worker(
    shared: Arc<Shared>,
    index: usize,
    mailbox: Option<Arc<tokio::sync::Mutex<mpsc::Receiver<Job>>>>,
    first: Option<Session>,
) -> Result<(), Fault> {
    let mut session = first;
    let result = work(&shared, index, mailbox.as_deref(), &mut session).await;
    if result.is_err() {
        shared.stop.set();
    }
    if let Some(open) = session {
        open.quit().await;
    }
    result
}

async fn work(
    shared: &Shared,
    index: usize,
    mailbox: Option<&tokio::sync::Mutex<mpsc::Receiver<Job>>>,
    session: &mut Option<Session>,
) -> Result<(), Fault> {
    let relay = &shared.pool.members[index].relay;
    // A message whose envelope went with the previous one, on this session.
    let mut chained: Option<Job> = None;
    loop {
        let was_chained = chained.is_some();
        let job = if let Some(job) = chained.take() {
            job
        } else if let Some(job) = next_job(shared, index, mailbox, session).await {
            job
        } else {
            return Ok(());
        };
        let (mut open, reused) = match reuse_or_connect(relay, session).await {
            Ok(opened) => opened,
            Err(error) => {
                retry_after_connect_failure(shared, index, job, error)?;
                continue;
            }
        };
        let was_chained = was_chained && reused && open.has_chained();
        // The next message, if one is ready now, goes in the same write as this one.
        let next = (open.can_chain() && open.submitted + 1 < relay.per_connection)
            .then(|| ready_job(shared, index, mailbox))
            .flatten();
        // The journal writes the mark while the envelope crosses the network (or, for an
        // envelope that went with the previous message, while its replies are read); the
        // message itself goes only once the mark is on the disk.
        let message = Arc::clone(&job.message);
        let mut pass = Pass::new(shared.ledger.admit(&message));
        let next_envelope = next.as_ref().map(|next| &next.message.envelope);
        let mut result = open
            .submit(
                &message.envelope,
                &message.bytes,
                &mut pass,
                was_chained,
                next_envelope,
            )
            .await;
        if reused && is_dead_session(&result) {
            // A reused session the server had closed or forgotten (after a refusal, or idle
            // too long): nothing was handed over, so a fresh session may carry the message.
            open = match relay.connector.connect().await {
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
                        relay: Some(Arc::clone(&relay.name)),
                    });
                    if let Some(next) = next {
                        shared.queue.give_back(next, Instant::now());
                    }
                    retry_after_connect_failure(shared, index, job, error)?;
                    continue;
                }
            };
            result = open
                .submit(
                    &message.envelope,
                    &message.bytes,
                    &mut pass,
                    false,
                    next_envelope,
                )
                .await;
        }
        if matches!(result, Err(SubmitError::NotAdmitted)) {
            if let Some(next) = next {
                shared.queue.give_back(next, Instant::now());
            }
            *session = open.is_usable().then_some(open);
            if pass.verdict() == Some(Verdict::Skip) {
                // Another sender of a shared journal has it: not this run's to send.
                shared.queue.done();
                continue;
            }
            // Interrupted, or the journal cannot be written: this message stays unsent.
            shared.queue.give_back(job, Instant::now());
            return Ok(());
        }
        let outcome = classify(result);
        let closes_session = matches!(&outcome, Outcome::Deferred(r) if r.code == Some(421));
        if open.is_usable() && !closes_session {
            *session = Some(open);
        }
        match next {
            Some(next) if session.as_ref().is_some_and(Session::has_chained) => {
                chained = Some(next);
            }
            // Its envelope did not go, or the session cannot carry it: nothing of it was
            // handed over.
            Some(next) => shared.queue.give_back(next, Instant::now()),
            None => {}
        }
        settle(shared, index, job, outcome)?;
    }
}

/// This worker's session if it can carry another message, or a new one; whether it was
/// reused.
async fn reuse_or_connect(
    relay: &pool::Relay,
    session: &mut Option<Session>,
) -> Result<(Session, bool), SessionError> {
    match session.take() {
        Some(open) if open.is_usable() && open.submitted < relay.per_connection => {
            return Ok((open, true));
        }
        Some(spent) => spent.quit().await,
        None => {}
    }
    relay.connector.connect().await.map(|open| (open, false))
}

/// The next message for this session, once the window, the relay's rotation and the pace
/// allow it; `None` when the run is over or stopping.
async fn next_job(
    shared: &Shared,
    index: usize,
    mailbox: Option<&tokio::sync::Mutex<mpsc::Receiver<Job>>>,
    session: &mut Option<Session>,
) -> Option<Job> {
    let relay = &shared.pool.members[index].relay;
    loop {
        if shared.stop.is_set() {
            return None;
        }
        let received = match mailbox {
            // The only relay: straight from the queue.
            None => shared.queue.next().await,
            Some(mailbox) => tokio::select! {
                received = async { mailbox.lock().await.recv().await } => received,
                () = shared.stop.wait() => return None,
            },
        };
        let job = received?;
        if shared.stop.is_set() {
            shared.queue.give_back(job, Instant::now());
            return None;
        }
        if !shared.pool.in_rotation(index, Instant::now()) {
            // Out of rotation since the message was handed over: another relay takes it.
            if let Some(open) = session.take() {
                open.quit().await;
            }
            shared.queue.give_back(job, Instant::now());
            continue;
        }
        wait_for_window(shared).await;
        relay.throttle.wait_turn(domain_of(&job.message)).await;
        if let Some(domains) = &shared.domains {
            domains.wait_turn(domain_of(&job.message)).await;
        }
        return Some(job);
    }
}

/// The next message, if one is ready now and may go at once: nothing to wait for (no
/// limit on the pace, the window open, the relay in rotation, the run going on).
fn ready_job(
    shared: &Shared,
    index: usize,
    mailbox: Option<&tokio::sync::Mutex<mpsc::Receiver<Job>>>,
) -> Option<Job> {
    let relay = &shared.pool.members[index].relay;
    let unpaced = !relay.throttle.is_limited()
        && relay.throttle.spacing().is_zero()
        && shared.domains.as_ref().is_none_or(|d| !d.is_limited());
    if !unpaced
        || shared.stop.is_set()
        || !shared.pool.in_rotation(index, Instant::now())
        || !window_open(shared)
    {
        return None;
    }
    match mailbox {
        None => shared.queue.try_next(),
        Some(mailbox) => mailbox.try_lock().ok()?.try_recv().ok(),
    }
}

/// Records an outcome: retries what may be retried, paces the run by what the relay says.
/// With a pool, a relay that defers or loses messages again and again leaves the rotation
/// for a while, and what it deferred may go to another relay.
fn settle(shared: &Shared, index: usize, job: Job, outcome: Outcome) -> Result<(), Fault> {
    let relay = &shared.pool.members[index].relay;
    // The journal learns every outcome, retried ones too, before this session's next mark.
    shared.ledger.record(&Delivered {
        message: Arc::clone(&job.message),
        outcome: outcome.clone(),
        attempts: job.attempt,
        relay: Some(Arc::clone(&relay.name)),
    });
    match &outcome {
        Outcome::Sent(_) => {
            relay.throttle.recover();
            shared.pool.succeeded(index);
            shared.failures_in_a_row.store(0, Ordering::Relaxed);
        }
        Outcome::Deferred(reply) => {
            if matches!(reply.code, Some(421 | 451 | 452 | 454)) {
                relay.throttle.slow_down();
            }
            shared.pool.failed(index, &reply.to_string());
            let failures = shared.failures_in_a_row.fetch_add(1, Ordering::Relaxed) + 1;
            if failures >= shared.policy.max_consecutive_failures {
                shared.queue.retry(job, Instant::now());
                return Err(SessionError::TooManyFailures {
                    count: failures,
                    last: reply.to_string(),
                }
                .into());
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
                report(shared, index, job, outcome.clone());
                return Err(SessionError::TooManyFailures {
                    count: failures,
                    last: reply.to_string(),
                }
                .into());
            }
        }
        // Never sent again (it may have been delivered), but the relay lost a reply.
        Outcome::Uncertain(reply) => shared.pool.failed(index, &reply.to_string()),
    }
    report(shared, index, job, outcome);
    Ok(())
}

fn report(shared: &Shared, index: usize, job: Job, outcome: Outcome) {
    shared.queue.done();
    let _ = shared.results.send(Delivered {
        message: job.message,
        outcome,
        attempts: job.attempt,
        relay: Some(Arc::clone(&shared.pool.members[index].relay.name)),
    });
}

/// A session could not be opened. Faults that no retry can mend (a refused login, a
/// certificate not trusted) stop the run; the others are retried like a 4xx. With a pool,
/// the message, not handed over, goes back at once for another relay to take, and the
/// failure counts against this relay.
fn retry_after_connect_failure(
    shared: &Shared,
    index: usize,
    job: Job,
    error: SessionError,
) -> Result<(), Fault> {
    if !error.is_transient() {
        shared.queue.give_back(job, Instant::now());
        return Err(shared.pool.fault(index, error));
    }
    if shared.pool.is_pooled() {
        shared.pool.failed(index, &error.to_string());
        shared.queue.give_back(job, Instant::now());
        return Ok(());
    }
    if !shared.policy.retry.allows_another(job.attempt) {
        shared.queue.give_back(job, Instant::now());
        return Err(error.into());
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

/// Whether the sending window (if any) is open now.
fn window_open(shared: &Shared) -> bool {
    let schedule = &shared.policy.schedule;
    *schedule == window::Schedule::default()
        || schedule
            .wait_from(chrono::Local::now().naive_local())
            .is_none()
}

fn domain_of(message: &Outgoing) -> &str {
    message
        .envelope
        .to()
        .first()
        .map_or("", |address| address.domain())
}
