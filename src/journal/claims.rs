//! The messages of a run on a shared journal, claimed a few at a time on their way to the
//! sessions: only those this run holds are queued, the others are left to their senders.
//!
//! With [`Claimed::taking_over`], once the list is through, the run keeps the messages it
//! left to others (within a memory budget) and asks for them again every [`POLL`] until
//! each is finished by someone: what a sender that died had claimed, once its lease ran out,
//! or what a sender that stopped let go, is sent by this run instead of waiting for the next.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::JournalError;
use super::backend::Claimer;
use crate::compose::Outgoing;

/// What the claims of a run came to, read once the run is over.
#[derive(Debug, Default)]
pub(crate) struct ClaimTally {
    /// Messages another sender held (or had sent) when this run asked for them.
    pub elsewhere: AtomicUsize,
    /// The fault that stopped the claims, if one did: the run stops, and can be resumed.
    pub fault: Mutex<Option<JournalError>>,
}

impl ClaimTally {
    pub(crate) fn elsewhere(&self) -> usize {
        self.elsewhere.load(Ordering::Relaxed)
    }

    pub(crate) fn take_fault(&self) -> Option<JournalError> {
        self.fault.lock().ok().and_then(|mut fault| fault.take())
    }
}

/// How often a run that is through its list asks again for what it left to others.
pub(super) const POLL: Duration = Duration::from_millis(500);

/// An iterator of the messages this run holds, out of `messages`, claimed `batch` at a time.
pub(crate) struct Claimed<I> {
    messages: I,
    claimer: Box<dyn Claimer>,
    batch: usize,
    ready: VecDeque<Arc<Outgoing>>,
    tally: Arc<ClaimTally>,
    done: bool,
    takeover: Option<Takeover>,
}

/// What a run left to others, kept to ask for again.
struct Takeover {
    /// Bytes of messages it may keep.
    budget: u64,
    kept: u64,
    left: Vec<Arc<Outgoing>>,
    stop: Box<dyn Fn() -> bool + Send>,
    last: Option<Instant>,
}

impl<I: Iterator<Item = Arc<Outgoing>>> Claimed<I> {
    pub(crate) fn new(
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
            takeover: None,
        }
    }

    /// Once through the list, takes over what the others let go (see the module
    /// documentation), keeping up to `budget` bytes of messages, until `stop` says so.
    #[must_use]
    pub(crate) fn taking_over(
        mut self,
        budget: u64,
        stop: impl Fn() -> bool + Send + 'static,
    ) -> Self {
        self.takeover = Some(Takeover {
            budget,
            kept: 0,
            left: Vec::new(),
            stop: Box::new(stop),
            last: None,
        });
        self
    }

    fn fail(&self, fault: JournalError) {
        if let Ok(mut slot) = self.tally.fault.lock() {
            slot.get_or_insert(fault);
        }
    }

    /// One more round of asking for what was left to others; `false` when none is left to
    /// wait for (or the run stops).
    fn take_over(&mut self) -> bool {
        let Some(takeover) = &mut self.takeover else {
            return false;
        };
        if let Some(last) = takeover.last {
            let next = last + POLL;
            while Instant::now() < next {
                if (takeover.stop)() {
                    return false;
                }
                std::thread::sleep(Duration::from_millis(50).min(next - Instant::now()));
            }
        }
        if takeover.left.is_empty() || (takeover.stop)() {
            return false;
        }
        takeover.last = Some(Instant::now());
        let keys: Vec<&str> = takeover.left.iter().map(|m| m.key.as_str()).collect();
        let held = match self.claimer.claim(&keys) {
            Ok(held) => held,
            Err(fault) => {
                self.fail(fault);
                return false;
            }
        };
        let mut still = Vec::new();
        for (message, held) in takeover.left.drain(..).zip(held) {
            if held {
                self.tally.elsewhere.fetch_sub(1, Ordering::Relaxed);
                self.ready.push_back(message);
            } else {
                still.push(message);
            }
        }
        let keys: Vec<&str> = still.iter().map(|m| m.key.as_str()).collect();
        let open = match self.claimer.unfinished(&keys) {
            Ok(open) => open,
            Err(fault) => {
                self.fail(fault);
                return false;
            }
        };
        takeover.left = still
            .into_iter()
            .zip(open)
            .filter_map(|(message, open)| open.then_some(message))
            .collect();
        true
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
                for (message, held) in wanted.into_iter().zip(held) {
                    if held {
                        self.ready.push_back(message);
                        continue;
                    }
                    self.tally.elsewhere.fetch_add(1, Ordering::Relaxed);
                    if let Some(takeover) = &mut self.takeover {
                        let size = message.bytes.len() as u64;
                        if takeover.kept + size <= takeover.budget {
                            takeover.kept += size;
                            takeover.left.push(message);
                        }
                    }
                }
                true
            }
            Err(fault) => {
                self.fail(fault);
                false
            }
        }
    }
}

impl<I: Iterator<Item = Arc<Outgoing>>> Iterator for Claimed<I> {
    type Item = Arc<Outgoing>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(message) = self.ready.pop_front() {
                return Some(message);
            }
            if !self.done {
                self.done = !self.refill();
            } else if !self.take_over() {
                return None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::journal::tests::message;

    /// Another sender holds the odd messages; after `rounds` asks it has sent the first of
    /// them and let the others go (it died and its lease ran out).
    struct Other {
        held: HashMap<String, bool>,
        asks: usize,
        rounds: usize,
    }

    impl Claimer for Other {
        fn claim(&mut self, keys: &[&str]) -> Result<Vec<bool>, JournalError> {
            self.asks += 1;
            let released = self.asks > self.rounds;
            Ok(keys
                .iter()
                .map(|key| match self.held.get(*key) {
                    None => true,
                    Some(sent) => released && !sent,
                })
                .collect())
        }

        fn unfinished(&mut self, keys: &[&str]) -> Result<Vec<bool>, JournalError> {
            Ok(keys
                .iter()
                .map(|key| self.held.get(*key).is_none_or(|sent| !sent))
                .collect())
        }
    }

    fn messages() -> Vec<Arc<Outgoing>> {
        (0..8).map(|n| Arc::new(message(n))).collect()
    }

    fn other(messages: &[Arc<Outgoing>], rounds: usize) -> Other {
        let held = messages
            .iter()
            .enumerate()
            .filter(|(n, _)| n % 2 == 1)
            .map(|(n, m)| (m.key.clone(), n == 1))
            .collect();
        Other {
            held,
            asks: 0,
            rounds,
        }
    }

    #[test]
    fn what_others_hold_is_left_to_them() {
        let messages = messages();
        let tally = Arc::new(ClaimTally::default());
        let claimer = other(&messages, usize::MAX);
        let ours: Vec<String> = Claimed::new(
            messages.into_iter(),
            Box::new(claimer),
            3,
            Arc::clone(&tally),
        )
        .map(|m| m.key.clone())
        .collect();
        assert_eq!(ours.len(), 4);
        assert_eq!(tally.elsewhere(), 4);
    }

    #[test]
    fn what_a_dead_sender_let_go_is_taken_over_and_what_it_sent_is_not() {
        let messages = messages();
        let tally = Arc::new(ClaimTally::default());
        // Three asks during the list (8 messages, 3 at a time), then one round of waiting.
        let claimer = other(&messages, 4);
        let ours: Vec<String> = Claimed::new(
            messages.into_iter(),
            Box::new(claimer),
            3,
            Arc::clone(&tally),
        )
        .taking_over(u64::MAX, || false)
        .map(|m| m.key.clone())
        .collect();
        assert_eq!(
            ours.len(),
            7,
            "all but the one the other sender sent: {ours:?}"
        );
        assert_eq!(tally.elsewhere(), 1);
    }

    #[test]
    fn a_stopped_run_waits_for_nothing() {
        let messages = messages();
        let tally = Arc::new(ClaimTally::default());
        let claimer = other(&messages, usize::MAX);
        let ours = Claimed::new(
            messages.into_iter(),
            Box::new(claimer),
            3,
            Arc::clone(&tally),
        )
        .taking_over(u64::MAX, || true)
        .count();
        assert_eq!(ours, 4);
    }
}
