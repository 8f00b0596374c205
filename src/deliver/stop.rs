//! The run's stop, shared by Ctrl-C, the sessions and the pool's dispatcher.

use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

/// The run's stop: set by Ctrl-C, or by a fault that ends every session. Sessions finish
/// the message they hold and take no other; whoever waits for it is woken at once.
#[derive(Debug, Default)]
pub(crate) struct Stop {
    set: AtomicBool,
    told: Notify,
}

impl Stop {
    pub(crate) fn set(&self) {
        self.set.store(true, Ordering::SeqCst);
        self.told.notify_waiters();
    }

    pub(crate) fn is_set(&self) -> bool {
        self.set.load(Ordering::SeqCst)
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
