//! The line from the delivery sessions to the journal's writer thread.
//!
//! A request someone waits for (a mark to commit before its message goes, a claim, the end of
//! the run) wakes the writer at once. The others (an outcome, the mark of a message the mark
//! log holds already) only wait in the line: the writer takes them with the next urgent
//! request, or [`LAZY`] after the first of them came, or once [`FULL`] of them are waiting.
//! So a fast run commits a few hundred rows at a time instead of one or two, and the sessions
//! do not wake the writer at every message.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How long a request nobody waits for may stay in the line. It is in the mark log already
/// (a file journal) or goes with the next mark's commit (a shared journal, whose sessions each
/// wait for their next mark), so this only delays what `missive status` shows.
pub(super) const LAZY: Duration = Duration::from_millis(50);

/// Requests waiting that make the writer take them without waiting longer.
pub(super) const FULL: usize = 1024;

/// The line itself.
pub(super) struct Line<T> {
    state: Mutex<State<T>>,
    ready: Condvar,
}

struct State<T> {
    waiting: Vec<T>,
    /// When the oldest request waiting came.
    since: Option<Instant>,
    urgent: bool,
    /// The writer is gone: nothing more is taken.
    closed: bool,
}

impl<T> Default for Line<T> {
    fn default() -> Self {
        Self {
            state: Mutex::new(State {
                waiting: Vec::new(),
                since: None,
                urgent: false,
                closed: false,
            }),
            ready: Condvar::new(),
        }
    }
}

impl<T> Line<T> {
    /// Queues `request` behind those already waiting. Gives it back when the writer is gone.
    pub(super) fn push(&self, request: T, urgent: bool) -> Result<(), T> {
        let mut state = self.lock();
        if state.closed {
            return Err(request);
        }
        let first = state.waiting.is_empty();
        state.waiting.push(request);
        if first {
            state.since = Some(Instant::now());
        }
        state.urgent |= urgent;
        // The first request starts the writer's clock; the rest wake it only when it must
        // not wait any longer.
        let wake = first || urgent || state.waiting.len() == FULL;
        drop(state);
        if wake {
            self.ready.notify_one();
        }
        Ok(())
    }

    /// Moves the requests due into `batch` (empty), in the order they came; waits for them.
    pub(super) fn take(&self, batch: &mut Vec<T>) {
        let mut state = self.lock();
        loop {
            let waited = state.since.map(|since| since.elapsed());
            let due = state.urgent
                || state.waiting.len() >= FULL
                || waited.is_some_and(|waited| waited >= LAZY);
            if due {
                break;
            }
            state = match waited {
                None => self
                    .ready
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner),
                Some(waited) => {
                    self.ready
                        .wait_timeout(state, LAZY.saturating_sub(waited))
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
            };
        }
        std::mem::swap(&mut state.waiting, batch);
        state.since = None;
        state.urgent = false;
    }

    /// The writer is gone: what waits is dropped (whoever waits for it hears so), and every
    /// later request is given back.
    pub(super) fn close(&self) -> Vec<T> {
        let mut state = self.lock();
        state.closed = true;
        std::mem::take(&mut state.waiting)
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // A panic elsewhere leaves the line as consistent as any push or take does.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn an_urgent_request_is_taken_with_those_before_it_in_order() {
        let line = Line::default();
        line.push(1, false).unwrap();
        line.push(2, false).unwrap();
        line.push(3, true).unwrap();
        let mut batch = Vec::new();
        line.take(&mut batch);
        assert_eq!(batch, [1, 2, 3]);
    }

    #[test]
    fn a_full_line_is_taken_without_an_urgent_request() {
        let line = Line::default();
        for request in 0..FULL {
            line.push(request, false).unwrap();
        }
        let mut batch = Vec::new();
        line.take(&mut batch);
        assert_eq!(batch.len(), FULL);
    }

    #[test]
    fn a_waiting_writer_wakes_for_requests_and_keeps_their_order() {
        let line = Arc::new(Line::default());
        let writer = {
            let line = Arc::clone(&line);
            std::thread::spawn(move || {
                let mut taken = Vec::new();
                while taken.len() < 3 {
                    let mut batch = Vec::new();
                    line.take(&mut batch);
                    taken.extend(batch);
                }
                taken
            })
        };
        line.push("outcome", false).unwrap();
        line.push("lazy mark", false).unwrap();
        line.push("urgent mark", true).unwrap();
        assert_eq!(
            writer.join().unwrap(),
            ["outcome", "lazy mark", "urgent mark"]
        );
    }

    #[test]
    fn a_closed_line_gives_requests_back_and_drops_none_silently() {
        let line = Line::default();
        line.push(1, false).unwrap();
        assert_eq!(line.close(), [1]);
        assert_eq!(line.push(2, true), Err(2));
    }
}
