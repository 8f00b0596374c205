//! Ctrl-C (SIGINT) and SIGTERM during a send. The first signal stops the run gently: nothing
//! new starts, messages in flight get [`GRACE`] to finish. A second signal, or the end of
//! that wait, stops it at once (what was still in flight is then recorded as uncertain).
//! A run started by the web app stops the same way when its [`Pause`] is pulled, and listens
//! to no signal: Ctrl-C is `missive serve`'s, which pulls the pause of the run it holds.

use std::time::Duration;

use tokio::time::Instant;

/// How long messages in flight are given to finish after a stop signal.
pub(super) const GRACE: Duration = Duration::from_secs(30);

/// How a run is to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// Start nothing new; let what is in flight finish.
    Gently,
    /// Abandon what is in flight.
    AtOnce,
}

/// A way to stop a run gently from outside it, as the first Ctrl-C does (the web app's
/// "Pause"): pulled before the run reaches its delivery, it stops it as soon as it does.
#[derive(Debug, Clone)]
pub(crate) struct Pause(tokio::sync::watch::Sender<bool>);

impl Default for Pause {
    fn default() -> Self {
        Self(tokio::sync::watch::Sender::new(false))
    }
}

impl Pause {
    /// Asks the run to stop gently; pulled again, it changes nothing.
    pub(crate) fn pull(&self) {
        self.0.send_replace(true);
    }
}

/// Watches for the stop signals of one run, or its [`Pause`].
pub(super) struct Stopping {
    signals: Option<StopSignals>,
    pause: Option<tokio::sync::watch::Receiver<bool>>,
    deadline: Option<Instant>,
}

impl Stopping {
    /// With a `pause`, listens to it and to no signal. Otherwise listens to the signals
    /// (their default action, ending the process, is then off); with `listen` false, or
    /// when they cannot be listened to, never stops anything.
    pub(super) fn new(listen: bool, pause: Option<&Pause>) -> Self {
        Self {
            signals: (listen && pause.is_none())
                .then(StopSignals::listen)
                .and_then(Result::ok),
            pause: pause.map(|pause| pause.0.subscribe()),
            deadline: None,
        }
    }

    /// Resolves when the run must stop, and says how.
    pub(super) async fn next(&mut self) -> Stop {
        let step = tokio::select! {
            () = next_signal(&mut self.signals) => {
                if self.deadline.is_none() {
                    self.deadline = Some(Instant::now() + GRACE);
                    return Stop::Gently;
                }
                Stop::AtOnce
            }
            () = pulled(&mut self.pause) => {
                // Pulled once for good: the grace's end, not the pause, may stop it at once.
                self.pause = None;
                if self.deadline.is_none() {
                    self.deadline = Some(Instant::now() + GRACE);
                }
                return Stop::Gently;
            }
            () = until(self.deadline) => Stop::AtOnce,
        };
        self.signals = None;
        self.pause = None;
        self.deadline = None;
        step
    }
}

/// Resolves once the pause is pulled, or never without one.
async fn pulled(pause: &mut Option<tokio::sync::watch::Receiver<bool>>) {
    match pause {
        Some(pause) => {
            if pause.wait_for(|pulled| *pulled).await.is_err() {
                // Its app is gone: nothing will pull it any more.
                std::future::pending::<()>().await;
            }
        }
        None => std::future::pending().await,
    }
}

/// The stop signals, once listened to: SIGINT and SIGTERM on Unix; Ctrl-C and Ctrl-Break
/// on Windows, registered at once so that a Ctrl-C before the first wait is not the system's
/// (which would end the process without the journal's last word).
struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(windows)]
    interrupt: tokio::signal::windows::CtrlC,
    #[cfg(windows)]
    terminate: tokio::signal::windows::CtrlBreak,
}

impl StopSignals {
    /// Starts listening; must be called inside the runtime.
    fn listen() -> std::io::Result<Self> {
        #[cfg(unix)]
        use tokio::signal::unix::{SignalKind, signal};
        #[cfg(unix)]
        let (interrupt, terminate) = (
            signal(SignalKind::interrupt())?,
            signal(SignalKind::terminate())?,
        );
        #[cfg(windows)]
        let (interrupt, terminate) = (
            tokio::signal::windows::ctrl_c()?,
            tokio::signal::windows::ctrl_break()?,
        );
        Ok(Self {
            interrupt,
            terminate,
        })
    }

    async fn recv(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }
}

/// The next stop signal, or never when not listening.
async fn next_signal(signals: &mut Option<StopSignals>) {
    match signals {
        Some(signals) => signals.recv().await,
        None => std::future::pending().await,
    }
}

/// Resolves at `deadline`, or never when there is none.
async fn until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}
