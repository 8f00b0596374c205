//! Rows rendered and composed on every core, handed on in the list's order.
//!
//! Rendering and composing a message is most of what `check`, `preview` and the first pass
//! of `send` cost (quoted-printable, headers, the template). Rows are read on the calling
//! thread a batch at a time; each batch is split between the cores, and its messages come
//! out in the order of the rows, so everything after (duplicates, the journal, the numbering
//! of files) sees the list exactly as a single thread would.
//!
//! A batch holds about [`BATCH_BYTES`] of messages, guessed from the batch before, so that
//! memory stays flat whether the messages are 5 kB or carry a 10 MB attachment.

use std::collections::VecDeque;
use std::num::NonZeroUsize;

/// Messages composed at once, in all, about this size at most (guessed from the batch before).
const BATCH_BYTES: usize = 4 << 20;
/// Rows in a batch at most, and at first (the size of a message is not known yet).
const MAX_ROWS: usize = 256;
const FIRST_ROWS: usize = 8;
/// Threads composing a batch at most, the calling one included.
const MAX_THREADS: usize = 8;

/// In order, `compose` applied to every item of `rows`, on as many threads as cores.
pub(super) struct Composed<I: Iterator, F, S, T> {
    rows: I,
    compose: F,
    /// How many bytes of memory an output holds.
    size: S,
    ready: VecDeque<T>,
    rows_per_batch: usize,
    threads: usize,
}

impl<I: Iterator, F, S, T> Composed<I, F, S, T> {
    pub(super) fn new(rows: I, compose: F, size: S) -> Self
    where
        F: Fn(I::Item) -> T,
        S: Fn(&T) -> usize,
    {
        let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        Self::with_threads(rows, compose, size, cores.min(MAX_THREADS))
    }

    fn with_threads(rows: I, compose: F, size: S, threads: usize) -> Self
    where
        F: Fn(I::Item) -> T,
        S: Fn(&T) -> usize,
    {
        Self {
            rows,
            compose,
            size,
            ready: VecDeque::new(),
            rows_per_batch: FIRST_ROWS,
            threads: threads.max(1),
        }
    }
}

impl<I, F, S, T> Iterator for Composed<I, F, S, T>
where
    I: Iterator,
    I::Item: Send,
    F: Fn(I::Item) -> T + Sync,
    S: Fn(&T) -> usize,
    T: Send,
{
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.ready.is_empty() {
            // The next batch of rows, its size guessed from the messages of this one.
            let batch: Vec<I::Item> = self.rows.by_ref().take(self.rows_per_batch).collect();
            let rows = batch.len().max(1);
            self.ready = compose_all(batch, &self.compose, self.threads).into();
            let bytes: usize = self.ready.iter().map(&self.size).sum();
            let average = (bytes / rows).max(1);
            self.rows_per_batch = (BATCH_BYTES / average).clamp(1, MAX_ROWS);
        }
        self.ready.pop_front()
    }
}

/// `compose` applied to every row of `batch`, in order, the work shared by `threads`
/// threads (the calling one among them).
fn compose_all<R: Send, T: Send>(
    batch: Vec<R>,
    compose: &(impl Fn(R) -> T + Sync),
    threads: usize,
) -> Vec<T> {
    if threads <= 1 || batch.len() <= 1 {
        return batch.into_iter().map(compose).collect();
    }
    let share = batch.len().div_ceil(threads);
    let mut shares = Vec::with_capacity(threads);
    let mut rows = batch.into_iter();
    loop {
        let next: Vec<R> = rows.by_ref().take(share).collect();
        if next.is_empty() {
            break;
        }
        shares.push(next);
    }
    let mut shares = shares.into_iter();
    let own = shares.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let others: Vec<_> = shares
            .map(|share| scope.spawn(move || share.into_iter().map(compose).collect::<Vec<T>>()))
            .collect();
        let mut composed: Vec<T> = own.into_iter().map(compose).collect();
        for other in others {
            match other.join() {
                Ok(more) => composed.extend(more),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        composed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_of_the_rows_on_several_threads() {
        for threads in [1, 2, 3, 8] {
            let composed = Composed::with_threads(0..1000_u64, |row| row * 3, |_| 1, threads);
            let all: Vec<u64> = composed.collect();
            assert_eq!(
                all,
                (0..1000).map(|row| row * 3).collect::<Vec<_>>(),
                "{threads}"
            );
        }
    }

    #[test]
    fn big_messages_make_small_batches() {
        let mut composed = Composed::with_threads(0..100_u32, |row| row, |_| BATCH_BYTES / 2, 2);
        assert_eq!(composed.next(), Some(0));
        assert_eq!(composed.ready.len(), FIRST_ROWS - 1);
        composed.ready.clear();
        composed.next();
        assert!(composed.ready.len() <= 1, "{}", composed.ready.len());
    }

    #[test]
    fn rows_are_read_only_a_batch_ahead() {
        let mut read = 0;
        let rows = std::iter::from_fn(|| {
            read += 1;
            Some(read)
        });
        let mut composed = Composed::with_threads(rows, |row| row, |_| 100, 2);
        assert_eq!(composed.next(), Some(1));
        drop(composed);
        assert_eq!(read, FIRST_ROWS);
    }
}
