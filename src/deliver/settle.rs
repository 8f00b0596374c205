//! What a session does with an attempt's result (the table is in DESIGN.md, "Reading the
//! relay's replies"): each address's outcome to the journal; the addresses deferred tried
//! again on the retry schedule, within the horizon, while the run goes on with the others;
//! the relay slowed down, rested or given up only for what concerns the relay (4xx to MAIL,
//! DATA or the end of the message, 421, a broken session), never for one recipient's 451.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::time::Instant;

use super::connection::Extensions;
use super::outcome::{Attempt, Signal};
use super::pool::Fault;
use super::queue::Job;
use super::smtp_session::envelope_needs_smtputf8;
use super::{AddressOutcome, Delivered, Outcome, Reply, Report, SessionError, Shared, Verdict};
use crate::compose::Outgoing;
use crate::events::Notice;
use crate::units::Size;

/// Messages in a row whose end got no reply (or a garbled one) that stop the run: a relay
/// that loses replies may be delivering messages it does not confirm.
pub(super) const UNCERTAIN_IN_A_ROW: usize = 3;

/// Whether `message` can go through relay `index`, announcing `extensions`, as it is.
pub(super) fn fits(
    shared: &Shared,
    index: usize,
    message: &Outgoing,
    extensions: &Extensions,
) -> bool {
    too_large(message, extensions).is_none()
        && (extensions.smtputf8 || !envelope_needs_smtputf8(&message.envelope))
        && recipients_cap(shared, index).is_none_or(|cap| message.envelope.to().len() <= cap)
}

/// The recipients per transaction relay `index` takes, once it said `452` to more.
fn recipients_cap(shared: &Shared, index: usize) -> Option<usize> {
    match shared.recipients_cap[index].load(Ordering::Relaxed) {
        0 => None,
        cap => Some(cap),
    }
}

/// What [`prepare`] leaves to send: the job, the message for this transaction (the job's,
/// or fewer of its addresses when the relay takes fewer recipients at once), and the
/// addresses held back for a transaction of their own, to go right after.
pub(super) struct Prepared {
    pub job: Job,
    pub send: Arc<Outgoing>,
    pub held_back: Vec<AddressOutcome>,
}

/// The relay's limit, when the message exceeds it.
fn too_large(message: &Outgoing, extensions: &Extensions) -> Option<u64> {
    extensions
        .size
        .filter(|&limit| message.bytes.len() as u64 > limit)
}

/// Settles what cannot go through this relay at all, before a word to it: a message larger
/// than its SIZE fails; an address with a non-ASCII local part fails when it does not offer
/// SMTPUTF8 (the message goes to the others). `None` when nothing is left to send.
pub(super) fn prepare(
    shared: &Shared,
    index: usize,
    job: Job,
    extensions: &Extensions,
) -> Option<Prepared> {
    let job = for_this_relay(shared, index, job, extensions)?;
    let mut send = Arc::clone(&job.message);
    let mut held_back = Vec::new();
    if let Some(cap) = recipients_cap(shared, index)
        && job.message.envelope.to().len() > cap
    {
        let first: Vec<String> = job.message.envelope.to()[..cap]
            .iter()
            .map(ToString::to_string)
            .collect();
        let reply = Reply {
            code: Some(452),
            // The journal's words, in English whatever the run's language.
            text: match cap {
                1 => "not tried yet: the relay takes 1 recipient at once".to_owned(),
                _ => format!("not tried yet: the relay takes {cap} recipients at once"),
            },
        };
        held_back = job.message.envelope.to()[cap..]
            .iter()
            .map(|address| AddressOutcome {
                address: address.to_string(),
                outcome: Outcome::Deferred(reply.clone()),
            })
            .collect();
        if let Some(some) = job
            .message
            .only_to(|address| first.contains(&address.to_string()))
        {
            send = Arc::new(some);
        }
    }
    Some(Prepared {
        job,
        send,
        held_back,
    })
}

/// [`prepare`]'s first part: what cannot go through this relay at all.
fn for_this_relay(
    shared: &Shared,
    index: usize,
    mut job: Job,
    extensions: &Extensions,
) -> Option<Job> {
    if let Some(limit) = too_large(&job.message, extensions) {
        let reply = Reply {
            code: None,
            // The journal's words, in English whatever the run's language.
            text: crate::i18n::in_lang(crate::i18n::Lang::En, || {
                super::outcome::too_big(
                    &Size(job.message.bytes.len() as u64).to_string(),
                    &Size(limit).to_string(),
                )
            }),
        };
        let failed = every(&job.message, &Outcome::Failed(reply));
        finish(shared, index, &job, failed, None);
        return None;
    }
    if extensions.smtputf8 || !envelope_needs_smtputf8(&job.message.envelope) {
        return Some(job);
    }
    let reply = Reply {
        code: None,
        text: super::outcome::NEEDS_SMTPUTF8.into(),
    };
    let sender_too = job
        .message
        .envelope
        .from()
        .is_some_and(|from| !from.user().is_ascii());
    let cannot = |address: &lettre::Address| sender_too || !address.user().is_ascii();
    job.settled.extend(
        job.message
            .envelope
            .to()
            .iter()
            .filter(|address| cannot(address))
            .map(|address| AddressOutcome {
                address: address.to_string(),
                outcome: Outcome::Failed(reply.clone()),
            }),
    );
    if let Some(rest) = job.message.only_to(|address| !cannot(address)) {
        job.message = Arc::new(rest);
        return Some(job);
    }
    finish(shared, index, &job, Vec::new(), None);
    None
}

/// Records an attempt, retries the addresses it deferred (when the schedule and the horizon
/// allow), and reads what it says of the relay. `chained`: the message whose envelope went
/// with this one; after a message sent, the journal may admit it with the same write, and
/// its verdict is returned.
pub(super) fn settle(
    shared: &Shared,
    index: usize,
    job: &Job,
    attempt: Attempt,
    chained: Option<&Job>,
) -> Result<Option<Verdict>, Fault> {
    let relay = &shared.pool.members[index].relay;
    let stop = judge_relay(shared, index, &attempt.signal);
    let deferred: Vec<&AddressOutcome> = attempt
        .addresses
        .iter()
        .filter(|a| matches!(a.outcome, Outcome::Deferred(_)))
        .collect();
    // 452 "too many recipients" to some addresses after others were taken: the relay's
    // limit per transaction; the rest go at once in a transaction of their own.
    let too_many = attempt.signal == Signal::Took
        && !deferred.is_empty()
        && deferred
            .iter()
            .all(|a| matches!(&a.outcome, Outcome::Deferred(reply) if reply.code == Some(452)));
    if too_many {
        // Fewer recipients per transaction from now on: those it took this time.
        let taken = attempt.addresses.len() - deferred.len();
        let cap = &shared.recipients_cap[index];
        let _ = cap.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |now| {
            (now == 0 || taken < now).then_some(taken)
        });
    }
    let retry_at = if too_many {
        Some(Instant::now())
    } else {
        (!deferred.is_empty() && stop.is_none())
            .then(|| {
                shared
                    .policy
                    .retry
                    .next_try(job.attempt, job.first_try, fastrand::f64())
            })
            .flatten()
    };
    let Some(ready) = retry_at else {
        let early = finish(shared, index, job, attempt.addresses, chained);
        return stop.map_or(Ok(early), Err);
    };
    // The journal hears of this attempt (the message stays `deferred` there), then the
    // addresses still deferred wait for their next try, alone.
    let mut settled = job.settled.clone();
    settled.extend(
        attempt
            .addresses
            .iter()
            .filter(|a| !matches!(a.outcome, Outcome::Deferred(_)))
            .cloned(),
    );
    let delivered = delivered(
        job,
        attempt.addresses.clone(),
        Some(Arc::clone(&relay.name)),
    );
    shared.ledger.record(&delivered);
    let waiting: Vec<&str> = deferred.iter().map(|a| a.address.as_str()).collect();
    let message = job
        .message
        .only_to(|address| waiting.contains(&address.to_string().as_str()))
        .map_or_else(|| Arc::clone(&job.message), Arc::new);
    let next = Job {
        message,
        settled,
        attempt: job.attempt,
        first_try: job.first_try,
    };
    if too_many {
        shared.queue.give_back(next, ready);
    } else {
        shared.queue.retry(next, ready);
    }
    Ok(None)
}

/// Reads what an attempt says of the relay: its pace, its place in the pool, and whether
/// the run must stop (the fault, then).
fn judge_relay(shared: &Shared, index: usize, signal: &Signal) -> Option<Fault> {
    let relay = &shared.pool.members[index].relay;
    match signal {
        Signal::Took => {
            relay.throttle.recover();
            shared.pool.succeeded(index);
            shared.failures_in_a_row.store(0, Ordering::Relaxed);
            shared.uncertain_in_a_row.store(0, Ordering::Relaxed);
            None
        }
        Signal::Recipients => {
            shared.uncertain_in_a_row.store(0, Ordering::Relaxed);
            None
        }
        Signal::Busy(reply) => {
            shared.uncertain_in_a_row.store(0, Ordering::Relaxed);
            relay.throttle.slow_down();
            shared.pool.failed(index, reply);
            count_failure(shared, reply)
        }
        Signal::Refused(reply) => {
            shared.uncertain_in_a_row.store(0, Ordering::Relaxed);
            count_failure(shared, reply)
        }
        Signal::Uncertain(reply) => {
            shared.pool.failed(index, reply);
            let count = shared.uncertain_in_a_row.fetch_add(1, Ordering::Relaxed) + 1;
            (count >= UNCERTAIN_IN_A_ROW).then(|| {
                SessionError::Unanswered {
                    relay: relay.name.to_string(),
                    count,
                    last: reply.text.clone(),
                }
                .into()
            })
        }
    }
}

/// Counts a failure of the relay; the fault once there were too many in a row.
fn count_failure(shared: &Shared, reply: &Reply) -> Option<Fault> {
    let failures = shared.failures_in_a_row.fetch_add(1, Ordering::Relaxed) + 1;
    (failures >= shared.policy.max_consecutive_failures).then(|| {
        SessionError::TooManyFailures {
            count: failures,
            last: reply.to_string(),
        }
        .into()
    })
}

/// Ends a job: the journal and the run learn its outcome. Returns the journal's verdict on
/// `chained` when it could admit it with the same write.
fn finish(
    shared: &Shared,
    index: usize,
    job: &Job,
    addresses: Vec<AddressOutcome>,
    chained: Option<&Job>,
) -> Option<Verdict> {
    let relay = Arc::clone(&shared.pool.members[index].relay.name);
    let delivered = delivered(job, addresses, Some(relay));
    // After a message sent, nothing that follows can end the run: the next message goes.
    let early = if let (Outcome::Sent(_), Some(next)) = (&delivered.outcome, chained) {
        shared.ledger.record_then_admit(&delivered, &next.message)
    } else {
        shared.ledger.record(&delivered);
        None
    };
    shared.queue.done();
    let _ = shared.results.send(Report::Delivered(delivered));
    early
}

/// What the journal and the run learn of an attempt: the outcome of the message, and each
/// address's when they differ.
fn delivered(job: &Job, addresses: Vec<AddressOutcome>, relay: Option<Arc<str>>) -> Delivered {
    let mut all = job.settled.clone();
    all.extend(addresses);
    let outcome = Outcome::of_message(&all).unwrap_or_else(|| {
        Outcome::Failed(Reply {
            code: None,
            text: super::outcome::NO_ADDRESS.into(),
        })
    });
    let alike = all.iter().all(|a| a.outcome == outcome);
    Delivered {
        message: Arc::clone(&job.message),
        outcome,
        addresses: if alike { Vec::new() } else { all },
        attempts: job.attempt,
        relay,
    }
}

/// Every address of `message` with `outcome`.
fn every(message: &Outgoing, outcome: &Outcome) -> Vec<AddressOutcome> {
    message
        .envelope
        .to()
        .iter()
        .map(|address| AddressOutcome {
            address: address.to_string(),
            outcome: outcome.clone(),
        })
        .collect()
}

/// A session could not be opened. Faults that no retry can mend (a refused login, a
/// certificate not trusted) stop the run, and so does a relay that never let this run in
/// (a wrong port, a relay that never greets): a lone relay is given up at once, with one
/// line. A relay that worked and fails now is tried again after a short rest, said once;
/// with a pool, the message, not handed over, goes back at once for another relay, and
/// the failure counts against this relay.
pub(super) fn after_connect_failure(
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
        shared.pool.failed(index, &error);
        shared.queue.give_back(job, Instant::now());
        return Ok(());
    }
    if !shared.connected[index].load(Ordering::Relaxed) {
        shared.queue.give_back(job, Instant::now());
        return Err(error.into());
    }
    let reply = Reply {
        code: None,
        // The journal keeps the relay's side in English, whatever the run's language.
        text: crate::i18n::in_lang(crate::i18n::Lang::En, || error.to_string()),
    };
    let failures = shared.failures_in_a_row.load(Ordering::Relaxed);
    if let Some(fault) = count_failure(shared, &reply) {
        shared.queue.give_back(job, Instant::now());
        return Err(fault);
    }
    let wait = super::retry::relay_rest(failures + 1, fastrand::f64());
    if failures == 0 {
        let _ = shared.results.send(Report::Notice(Notice::Retrying {
            error: crate::i18n::Said::of(|| error.to_string()),
            wait,
        }));
    }
    // Not handed over: the message keeps its attempt number.
    shared.queue.give_back(job, Instant::now() + wait);
    Ok(())
}
