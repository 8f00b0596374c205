//! The run's stop, shared by Ctrl-C, the sessions and the pool's dispatcher.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tokio::sync::Notify;

/// The run's stop: set by Ctrl-C, or by a fault that ends every session. Sessions finish
/// the message they hold and take no other; whoever waits for it is woken at once.
#[derive(Debug, Default)]
pub(crate) struct Stop {
    set: AtomicBool,
    told: Notify,
    /// Messages being handed to a relay right now (from the session's first word about
    /// them to their outcome).
    handing_over: AtomicUsize,
}

impl Stop {
    pub(crate) fn set(&self) {
        self.set.store(true, Ordering::SeqCst);
        self.told.notify_waiters();
    }

    pub(crate) fn is_set(&self) -> bool {
        self.set.load(Ordering::SeqCst)
    }

    /// Messages being handed to a relay right now: a stop with none waits for nothing.
    pub(crate) fn in_flight(&self) -> usize {
        self.handing_over.load(Ordering::SeqCst)
    }

    /// Counts a message being handed over until the guard is dropped.
    pub(crate) fn handing_over(&self) -> HandingOver<'_> {
        self.handing_over.fetch_add(1, Ordering::SeqCst);
        HandingOver(self)
    }

    /// `future`, unless the stop comes first (then `None`).
    pub(crate) async fn unless_stopped<T>(&self, future: impl Future<Output = T>) -> Option<T> {
        tokio::select! {
            value = future => Some(value),
            () = self.wait() => None,
        }
    }

    /// Resolves once the stop is set.
    pub(crate) async fn wait(&self) {
        loop {
            let told = self.told.notified();
            tokio::pin!(told);
            told.as_mut().enable();
            if self.is_set() {
                return;
            }
            told.await;
        }
    }
}

/// See [`Stop::handing_over`].
pub(crate) struct HandingOver<'a>(&'a Stop);

impl Drop for HandingOver<'_> {
    fn drop(&mut self) {
        self.0.handing_over.fetch_sub(1, Ordering::SeqCst);
    }
}
