//! Ctrl-C (SIGINT) and SIGTERM during a send. The first signal stops new messages and waits,
//! a bounded time, for those in flight; a second signal, or the end of that wait, stops at
//! once (what was in flight is then recorded as uncertain).

use std::time::Duration;

/// How long messages in flight are given to finish after a stop signal.
pub const GRACE: Duration = Duration::from_secs(30);

/// The stop signals, once listened to (their default action, ending the process, is off).
pub struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    /// Starts listening; must be called inside the runtime.
    pub fn listen() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    /// Resolves at the next stop signal.
    pub async fn recv(&mut self) {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => {}
                _ = self.terminate.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// The next stop signal, or never when not listening.
pub async fn next(signals: &mut Option<StopSignals>) {
    match signals {
        Some(signals) => signals.recv().await,
        None => std::future::pending().await,
    }
}

/// Resolves at `deadline`, or never when there is none.
pub async fn until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}
