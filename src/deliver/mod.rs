//! Delivery: messages go to the relay over a few reused SMTP sessions, and each comes back
//! as an [`Outcome`]. A failure for one recipient is data; only faults that stop every
//! message (the relay unreachable, the login refused) end the run.

mod answer;
mod connection;
mod dot_stuffing;
mod dsn;
mod ledger;
pub(crate) mod login;
mod outcome;
mod pool;
mod queue;
mod relay_url;
pub(crate) mod retry;
mod settle;
mod smtp_session;
mod stop;
pub(crate) mod throttle;
mod tls_stream;
mod watched;
pub(crate) mod window;
mod worker;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize};

use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::compose::Outgoing;
pub(crate) use answer::{Accepted, Step, SubmitError};
pub(crate) use connection::{Connector, Session, SessionError, Timeouts};
pub(crate) use ledger::{Admission, Ledger, Unrecorded, Verdict};
pub(crate) use outcome::{AddressOutcome, Delivered, Outcome, Reply, Report};
use pool::Pool;
pub(crate) use pool::{CoolDown, Fault, Relay};
use queue::{Job, Queue};
pub(crate) use relay_url::{RelayUrl, RelayUrlError, Security};
pub(crate) use retry::RetryPolicy;
pub(crate) use smtp_session::{Pass, Transaction};
pub(crate) use stop::Stop;
pub(crate) use throttle::{Rate, Throttle};
pub(crate) use window::{Schedule, SendingWindow};

/// How sessions are used and failures handled.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SessionPolicy {
    /// SMTP sessions at once, all relays together; each [`Relay`] keeps to its own share
    /// (lettre's pool does not bound this; we do).
    pub concurrency: usize,
    pub retry: RetryPolicy,
    /// This many failures of the relay in a row (4xx or 5xx to MAIL, DATA or the end of
    /// the message, 421, a broken session; never one recipient's refusal) stop the run: the
    /// relay is likely blocking us.
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
    results: mpsc::UnboundedSender<Report>,
    stop: Arc<Stop>,
    failures_in_a_row: AtomicUsize,
    /// Messages in a row whose end got no proper reply.
    uncertain_in_a_row: AtomicUsize,
    /// Per relay: whether a session was opened to it in this run. A relay never reached
    /// is given up at its first failure, instead of retried.
    connected: Vec<AtomicBool>,
    /// Per relay: the recipients it takes in one transaction, once it said `452` to more
    /// (0: no limit seen).
    recipients_cap: Vec<AtomicUsize>,
    announced_wait: AtomicBool,
    /// A relay without DSN was told once (`receipts = ["delivery"]`).
    announced_no_dsn: AtomicBool,
}

/// The relays of a run: one, or a pool sharing the messages by weight (see [`pool`]).
pub(crate) struct Relays {
    pub members: Vec<Relay>,
    /// Limits per recipient domain across the pool; `None` for a single relay, whose
    /// throttle holds them.
    pub domains: Option<Arc<Throttle>>,
    pub cool_down: CoolDown,
}

/// Sends every message received on `jobs` and reports each on `results`, with what a person
/// should know on the way (retries, a relay resting, a wait for the window). Setting `stop`
/// lets the messages in sessions finish and starts no other. Returns the fault that stopped
/// the run, if one did; messages not yet taken stay unsent.
pub(crate) async fn deliver(
    relays: Relays,
    ledger: Arc<dyn Ledger>,
    policy: SessionPolicy,
    jobs: mpsc::Receiver<Arc<Outgoing>>,
    results: mpsc::UnboundedSender<Report>,
    stop: Arc<Stop>,
) -> Result<(), Fault> {
    let connected = relays
        .members
        .iter()
        .map(|_| AtomicBool::new(false))
        .collect();
    let recipients_cap = relays.members.iter().map(|_| AtomicUsize::new(0)).collect();
    let shared = Arc::new(Shared {
        pool: Pool::new(relays.members, relays.cool_down, results.clone()),
        domains: relays.domains,
        ledger,
        policy,
        queue: Queue::new(jobs),
        results,
        stop,
        failures_in_a_row: AtomicUsize::new(0),
        uncertain_in_a_row: AtomicUsize::new(0),
        connected,
        recipients_cap,
        announced_wait: AtomicBool::new(false),
        announced_no_dsn: AtomicBool::new(false),
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
            workers.spawn(worker::run(Arc::clone(&shared), 0, None, first.take()));
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
            workers.spawn(worker::run(
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
        let _ = shared.results.send(Report::Delivered(Delivered {
            message: job.message,
            outcome: Outcome::Deferred(Reply {
                code: None,
                text: outcome::NOT_RETRIED.into(),
            }),
            attempts: job.attempt - 1,
            addresses: Vec::new(),
            relay: None,
        }));
    }
    fault.map_or(Ok(()), Err)
}

/// One session to each relay first: a refused login or an untrusted certificate then costs
/// a single attempt, not one per session, and nothing is sent: with a pool, a relay whose
/// password is wrong is a setting to fix before anything goes. A relay of a pool
/// unreachable for now is tried again by its sessions (the others carry the messages); a
/// lone relay unreachable is the end of the run, said in one line.
async fn first_sessions(shared: &Shared) -> Result<Vec<Option<Session>>, Fault> {
    let count = shared.pool.members.len();
    let mut firsts: Vec<Option<Session>> = (0..count).map(|_| None).collect();
    if !shared.policy.schedule.is_open_now() {
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
            Ok((index, Ok(session))) => {
                shared.connected[index].store(true, std::sync::atomic::Ordering::Relaxed);
                firsts[index] = Some(session);
            }
            // A lone relay that cannot be reached at the start (a wrong port, a relay that
            // never greets) is given up at once: retrying would only delay the same error.
            Ok((index, Err(error))) if !error.is_transient() || !shared.pool.is_pooled() => {
                fault.get_or_insert(shared.pool.fault(index, error));
            }
            Ok((index, Err(error))) => shared.pool.failed(index, &error),
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
