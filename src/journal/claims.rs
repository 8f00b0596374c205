//! The messages of a run on a shared journal, claimed a few at a time on their way to the
//! sessions: only those this run holds are queued, the others are left to their senders.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::JournalError;
use super::backend::Claimer;
use crate::compose::Outgoing;

/// What the claims of a run came to, read once the run is over.
#[derive(Debug, Default)]
pub struct ClaimTally {
    /// Messages another sender held (or had sent) when this run asked for them.
    pub elsewhere: AtomicUsize,
    /// The fault that stopped the claims, if one did: the run stops, and can be resumed.
    pub fault: Mutex<Option<JournalError>>,
}

impl ClaimTally {
    pub fn elsewhere(&self) -> usize {
        self.elsewhere.load(Ordering::Relaxed)
    }

    pub fn take_fault(&self) -> Option<JournalError> {
        self.fault.lock().ok().and_then(|mut fault| fault.take())
    }
}

/// An iterator of the messages this run holds, out of `messages`, claimed `batch` at a time.
pub struct Claimed<I> {
    messages: I,
    claimer: Box<dyn Claimer>,
    batch: usize,
    ready: VecDeque<Arc<Outgoing>>,
    tally: Arc<ClaimTally>,
    done: bool,
}

impl<I: Iterator<Item = Arc<Outgoing>>> Claimed<I> {
    pub fn new(
        messages: I,
        claimer: Box<dyn Claimer>,
        batch: usize,
        tally: Arc<ClaimTally>,
    ) -> Self {
        Self {
            messages,
            claimer,
            batch: batch.max(1),
            ready: VecDeque::new(),
            tally,
            done: false,
        }
    }

    /// Claims the next batch; `false` once nothing is left (or a claim failed).
    fn refill(&mut self) -> bool {
        let wanted: Vec<Arc<Outgoing>> = self.messages.by_ref().take(self.batch).collect();
        if wanted.is_empty() {
            return false;
        }
        let keys: Vec<&str> = wanted.iter().map(|m| m.key.as_str()).collect();
        match self.claimer.claim(&keys) {
            Ok(held) => {
                for (message, held) in wanted.iter().zip(held) {
                    if held {
                        self.ready.push_back(Arc::clone(message));
                    } else {
                        self.tally.elsewhere.fetch_add(1, Ordering::Relaxed);
                    }
                }
                true
            }
            Err(fault) => {
                if let Ok(mut slot) = self.tally.fault.lock() {
                    slot.get_or_insert(fault);
                }
                false
            }
        }
    }
}

impl<I: Iterator<Item = Arc<Outgoing>>> Iterator for Claimed<I> {
    type Item = Arc<Outgoing>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.ready.is_empty() && !self.done {
            self.done = !self.refill();
        }
        self.ready.pop_front()
    }
}
