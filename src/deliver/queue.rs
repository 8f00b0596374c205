//! The work of the sessions: new messages from the pipeline, and deferred ones waiting for
//! their retry time. The run ends when no message is new, waiting or in a session.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Arc, Mutex};

use tokio::sync::{Notify, mpsc};
use tokio::time::Instant;

use super::AddressOutcome;
use crate::compose::Outgoing;

/// One message and how many times it was tried.
#[derive(Debug, Clone)]
pub(super) struct Job {
    /// The message, for the addresses still to try (see [`Outgoing::only_to`]).
    pub message: Arc<Outgoing>,
    /// This attempt's number, from 1.
    pub attempt: u32,
    /// When its first attempt was made (or is made), for the retry horizon.
    pub first_try: Instant,
    /// The outcomes of addresses an earlier attempt of this run settled (sent or
    /// failed): no longer in `message`'s envelope.
    pub settled: Vec<AddressOutcome>,
}

impl Job {
    fn new(message: Arc<Outgoing>) -> Self {
        Self {
            message,
            attempt: 1,
            first_try: Instant::now(),
            settled: Vec::new(),
        }
    }
}

struct Waiting {
    ready: Instant,
    sequence: u64,
    job: Job,
}

impl PartialEq for Waiting {
    fn eq(&self, other: &Self) -> bool {
        (self.ready, self.sequence) == (other.ready, other.sequence)
    }
}
impl Eq for Waiting {}
impl PartialOrd for Waiting {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Waiting {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.ready, self.sequence).cmp(&(other.ready, other.sequence))
    }
}

#[derive(Default)]
struct State {
    waiting: BinaryHeap<Reverse<Waiting>>,
    in_flight: usize,
    incoming_closed: bool,
    sequence: u64,
}

/// Shared by every session of a run.
pub(super) struct Queue {
    state: Mutex<State>,
    incoming: tokio::sync::Mutex<mpsc::Receiver<Arc<Outgoing>>>,
    changed: Notify,
}

impl Queue {
    pub(super) fn new(incoming: mpsc::Receiver<Arc<Outgoing>>) -> Self {
        Self {
            state: Mutex::new(State::default()),
            incoming: tokio::sync::Mutex::new(incoming),
            changed: Notify::new(),
        }
    }

    /// The next job: a retry whose time has come first, then a new message. `None` when the
    /// run is over. The caller must end each job with [`Queue::done`] or [`Queue::retry`].
    pub(super) async fn next(&self) -> Option<Job> {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let earliest = {
                let mut state = self.lock();
                let now = Instant::now();
                if state.waiting.peek().is_some_and(|w| w.0.ready <= now)
                    && let Some(Reverse(waiting)) = state.waiting.pop()
                {
                    state.in_flight += 1;
                    return Some(waiting.job);
                }
                if state.incoming_closed && state.waiting.is_empty() && state.in_flight == 0 {
                    return None;
                }
                state.waiting.peek().map(|w| w.0.ready)
            };
            let closed = self.lock().incoming_closed;
            let far = Instant::now() + std::time::Duration::from_secs(86_400 * 365);
            tokio::select! {
                () = tokio::time::sleep_until(earliest.unwrap_or(far)) => {}
                () = &mut changed => {}
                received = self.receive(), if !closed => {
                    let mut state = self.lock();
                    if let Some(message) = received {
                        state.in_flight += 1;
                        return Some(Job::new(message));
                    }
                    state.incoming_closed = true;
                    drop(state);
                    self.changed.notify_waiters();
                }
            }
        }
    }

    /// The next job if one is ready now, without waiting: a retry whose time has come, or
    /// a new message. The caller must end it with [`Queue::done`], [`Queue::retry`] or
    /// [`Queue::give_back`].
    pub(super) fn try_next(&self) -> Option<Job> {
        {
            let mut state = self.lock();
            if state
                .waiting
                .peek()
                .is_some_and(|w| w.0.ready <= Instant::now())
                && let Some(Reverse(waiting)) = state.waiting.pop()
            {
                state.in_flight += 1;
                return Some(waiting.job);
            }
        }
        // Another session waiting for the line has the next message first.
        let mut incoming = self.incoming.try_lock().ok()?;
        match incoming.try_recv() {
            Ok(message) => {
                self.lock().in_flight += 1;
                Some(Job::new(message))
            }
            Err(mpsc::error::TryRecvError::Empty) => None,
            Err(mpsc::error::TryRecvError::Disconnected) => {
                self.lock().incoming_closed = true;
                drop(incoming);
                self.changed.notify_waiters();
                None
            }
        }
    }

    async fn receive(&self) -> Option<Arc<Outgoing>> {
        self.incoming.lock().await.recv().await
    }

    /// The job is over, whatever its outcome.
    pub(super) fn done(&self) {
        self.lock().in_flight -= 1;
        self.changed.notify_waiters();
    }

    /// The job was attempted and goes back to wait until `ready`, as its next attempt.
    pub(super) fn retry(&self, job: Job, ready: Instant) {
        let next = Job {
            attempt: job.attempt + 1,
            ..job
        };
        self.wait(next, ready);
    }

    /// The job was not attempted (the run is stopping, or no session could be opened): it
    /// waits with the same attempt number.
    pub(super) fn give_back(&self, job: Job, ready: Instant) {
        self.wait(job, ready);
    }

    fn wait(&self, job: Job, ready: Instant) {
        let mut state = self.lock();
        state.in_flight -= 1;
        state.sequence += 1;
        let sequence = state.sequence;
        state.waiting.push(Reverse(Waiting {
            ready,
            sequence,
            job,
        }));
        drop(state);
        self.changed.notify_waiters();
    }

    /// Jobs left without an outcome when a run stops early; each one's `attempt` is the one
    /// it would have made next.
    pub(super) fn abandon_waiting(&self) -> Vec<Job> {
        let mut state = self.lock();
        std::mem::take(&mut state.waiting)
            .into_iter()
            .map(|w| w.0.job)
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
