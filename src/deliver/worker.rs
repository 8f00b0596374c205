//! One session's work: take a message (and, when the relay pipelines and another is ready,
//! the next one, whose envelope goes with it), send it, and settle what the relay answered:
//! a retry, a slower pace, a relay out of the rotation, or the end of the run.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::sync::mpsc;
use tokio::time::Instant;

use super::outcome::{Attempt, is_dead_session};
use super::pool::{self, Fault};
use super::queue::Job;
use super::settle::{Prepared, after_connect_failure, prepare, settle};
use super::{
    Delivered, Outcome, Pass, Reply, Report, Session, SessionError, Shared, SubmitError,
    Transaction, Verdict,
};
use crate::compose::Outgoing;
use crate::events::Notice;

/// One session's whole run: its messages one after another, then QUIT. A fault that stops
/// the run stops the other sessions too.
pub(super) async fn run(
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
    // The journal's verdict on it, when given with the previous message's outcome.
    let mut early: Option<Verdict> = None;
    loop {
        let was_chained = chained.is_some();
        let job = if let Some(job) = chained.take() {
            job
        } else if let Some(job) = next_job(shared, index, mailbox, session).await {
            job
        } else {
            return Ok(());
        };
        let _handing_over = shared.stop.handing_over();
        let (mut open, reused) = match reuse_or_connect(relay, session).await {
            Ok(opened) => {
                shared.connected[index].store(true, Ordering::Relaxed);
                opened
            }
            Err(error) => {
                if early.take().is_some() {
                    // Marked already, but not handed over.
                    not_handed_over(shared, relay, &job, &error);
                }
                after_connect_failure(shared, index, job, error)?;
                continue;
            }
        };
        // What cannot go through this relay at all (too large, an address it cannot
        // carry) is settled here, without a word to it.
        let Some(Prepared {
            job,
            send: message,
            held_back,
        }) = prepare(shared, index, job, open.extensions())
        else {
            // Unless its envelope went with the previous message (then the session is out
            // of step, and closes when dropped), the session carries the next one.
            if early.take().is_none() {
                *session = Some(open);
            }
            continue;
        };
        let was_chained = was_chained && reused && open.has_chained();
        let next = next_to_chain(shared, index, mailbox, &open);
        // The journal writes the mark while the envelope crosses the network (or, for an
        // envelope that went with the previous message, while its replies are read); the
        // message itself goes only once the mark is on the disk.
        let mut pass = match early.take() {
            Some(verdict) if was_chained => Pass::decided(verdict),
            // Off its chain (it goes on this session all the same): marked again.
            _ => Pass::new(shared.ledger.admit(&message)),
        };
        let this = Transaction::of(&message);
        if this.envelope_id.is_some()
            && !open.offers_dsn()
            && !shared.announced_no_dsn.swap(true, Ordering::Relaxed)
        {
            let _ = shared.results.send(Report::Notice(Notice::NoDsn {
                relay: relay.name.to_string(),
            }));
        }
        let next_transaction = next.as_ref().map(|next| Transaction::of(&next.message));
        let mut result = open
            .submit(this, &mut pass, was_chained, next_transaction)
            .await;
        if reused && is_dead_session(&result) {
            // A reused session the server had closed or forgotten (after a refusal, or idle
            // too long): nothing was handed over, so a fresh session may carry the message.
            open = match relay.connector.connect().await {
                Ok(open) => open,
                Err(error) => {
                    not_handed_over(shared, relay, &job, &error);
                    if let Some(next) = next {
                        shared.queue.give_back(next, Instant::now());
                    }
                    after_connect_failure(shared, index, job, error)?;
                    continue;
                }
            };
            result = open.submit(this, &mut pass, false, next_transaction).await;
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
        let mut attempt = Attempt::read(&message.envelope, result);
        attempt.addresses.extend(held_back);
        if open.is_usable() {
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
        early = settle(shared, index, &job, attempt, chained.as_ref())?;
    }
}

/// Admitted but not handed over: the journal must not keep the message `sending`.
fn not_handed_over(shared: &Shared, relay: &pool::Relay, job: &Job, error: &SessionError) {
    shared.ledger.record(&Delivered {
        message: Arc::clone(&job.message),
        outcome: Outcome::Deferred(Reply {
            code: None,
            // The journal keeps the relay's side in English, whatever the run's language.
            text: crate::i18n::in_lang(crate::i18n::Lang::En, || error.to_string()),
        }),
        attempts: job.attempt,
        addresses: Vec::new(),
        relay: Some(Arc::clone(&relay.name)),
    });
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
        // Waiting for a message (a retry's time, the next row) ends with the stop.
        let received = match mailbox {
            // The only relay: straight from the queue.
            None => shared.stop.unless_stopped(shared.queue.next()).await?,
            Some(mailbox) => {
                shared
                    .stop
                    .unless_stopped(async { mailbox.lock().await.recv().await })
                    .await?
            }
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
        let turn = async {
            wait_for_window(shared).await;
            relay.throttle.wait_turn(domain_of(&job.message)).await;
            if let Some(domains) = &shared.domains {
                domains.wait_turn(domain_of(&job.message)).await;
            }
        };
        if shared.stop.unless_stopped(turn).await.is_none() {
            shared.queue.give_back(job, Instant::now());
            return None;
        }
        return Some(job);
    }
}

/// The next message, if one is ready now and this session can carry it as it is: its
/// envelope goes in the same write as this message.
fn next_to_chain(
    shared: &Shared,
    index: usize,
    mailbox: Option<&tokio::sync::Mutex<mpsc::Receiver<Job>>>,
    open: &Session,
) -> Option<Job> {
    let relay = &shared.pool.members[index].relay;
    if !open.can_chain() || open.submitted + 1 >= relay.per_connection {
        return None;
    }
    let next = ready_job(shared, index, mailbox)?;
    if super::settle::fits(shared, index, &next.message, open.extensions()) {
        return Some(next);
    }
    shared.queue.give_back(next, Instant::now());
    None
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
        || !shared.policy.schedule.is_open_now()
    {
        return None;
    }
    match mailbox {
        None => shared.queue.try_next(),
        Some(mailbox) => mailbox.try_lock().ok()?.try_recv().ok(),
    }
}

async fn wait_for_window(shared: &Shared) {
    let now = chrono::Local::now().naive_local();
    if let Some((wait, opens)) = shared.policy.schedule.wait_from(now) {
        if !shared.announced_wait.swap(true, Ordering::Relaxed) {
            let _ = shared
                .results
                .send(Report::Notice(Notice::WaitingForWindow { until: opens }));
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
