//! A send the web app runs: `missive send`'s own run ([`commands::send::run_with`]) on a
//! thread of its own, the confirmation answered by the page, the password the page was
//! given, a pause the page (or Ctrl-C on `missive serve`) pulls. What the run tells is kept
//! in the app as [`Progress`], which the Send page shows and polls: closing the page does not
//! stop the run, reopening it shows where it is.
//!
//! [`commands::send::run_with`]: crate::commands::send::run_with

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::cli::SendArgs;
use crate::commands::send::{Controls, Pause, Plan, run_with};
use crate::deliver::Outcome;
use crate::events::{Event, Observer};
use crate::exit_status::ExitStatus;
use crate::secret::Secret;

/// How many of the run's last lines the page shows.
const LINES_KEPT: usize = 8;

/// What a run told so far, and how it ended.
#[derive(Debug, Clone, Default)]
pub(crate) struct Progress {
    /// `--retry-failed`: the Results page's retry.
    pub retry: bool,
    /// The pause was pulled.
    pub pausing: bool,
    /// Messages the run sends (known once it starts delivering).
    pub total: usize,
    pub sent: usize,
    pub deferred: usize,
    pub failed: usize,
    pub uncertain: usize,
    /// When the delivery started, and how long the rate limits make it last.
    pub started: Option<Instant>,
    pub estimate: Option<Duration>,
    /// The run's last lines for a person.
    pub said: VecDeque<String>,
    /// What stopped the delivery, when the relay did (a refused login…).
    pub fault: Option<String>,
    /// How it ended; `None` while it runs.
    pub end: Option<End>,
}

/// How a run ended.
#[derive(Debug, Clone)]
pub(crate) struct End {
    /// The exit status `send` would have ended with; `None`: an error stopped it.
    pub status: Option<ExitStatus>,
    /// What ended it, in words: the error's, or why nothing was sent.
    pub words: Option<String>,
}

impl Progress {
    /// Messages the relay answered, whatever it said.
    pub(crate) fn done(&self) -> usize {
        self.sent + self.deferred + self.failed + self.uncertain
    }

    /// About how long the rest takes: at the pace so far, else the rate limits' estimate.
    pub(crate) fn left(&self) -> Option<Duration> {
        let started = self.started?;
        let done = self.done();
        if done >= self.total {
            return None;
        }
        let elapsed = started.elapsed();
        if done > 0 {
            let rest = u32::try_from(self.total - done).ok()?;
            let done = u32::try_from(done).ok()?;
            return Some(elapsed / done * rest);
        }
        self.estimate
            .map(|estimate| estimate.saturating_sub(elapsed))
    }

    /// Whether it was paused (by the page, or Ctrl-C) and stopped with messages left:
    /// "Reprendre". Stopped by a fault, it is sent again from its plan (a password to type
    /// again…).
    pub(crate) fn resumable(&self) -> bool {
        self.pausing
            && matches!(
                self.end,
                Some(End {
                    status: Some(ExitStatus::Stopped),
                    ..
                })
            )
    }

    fn say(&mut self, line: &str) {
        if self.said.len() == LINES_KEPT {
            self.said.pop_front();
        }
        self.said.push_back(line.to_owned());
    }
}

/// The app's send: the one that runs or ran last, its pause, and the password the page was
/// given (kept in memory for the session only, never shown).
#[derive(Default)]
pub(crate) struct Runs {
    inner: Mutex<Inner>,
    ended: Condvar,
}

#[derive(Default)]
struct Inner {
    progress: Option<Arc<Mutex<Progress>>>,
    pause: Option<Pause>,
    password: Option<Secret>,
}

/// Why a run was not started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotStarted {
    /// Another runs.
    Running,
}

impl Runs {
    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `password` for the session's sends (an empty one is no password).
    pub(crate) fn give_password(&self, password: &str) {
        if !password.is_empty() {
            self.inner().password = Some(Secret::new(password.to_owned()));
        }
    }

    /// The password the page was given, if any.
    pub(crate) fn password(&self) -> Option<Secret> {
        self.inner().password.clone()
    }

    /// What the current or last run told, if there was one.
    pub(crate) fn progress(&self) -> Option<Progress> {
        let progress = self.inner().progress.clone()?;
        let progress = progress
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        Some(progress)
    }

    /// Starts `args` on a thread of its own; the confirmation is answered yes when the plan
    /// sends `confirmed` messages (any count when `None`: a resume), no otherwise.
    pub(crate) fn start(
        self: &Arc<Self>,
        args: SendArgs,
        confirmed: Option<usize>,
    ) -> Result<(), NotStarted> {
        let mut inner = self.inner();
        if inner
            .progress
            .as_ref()
            .is_some_and(|progress| lock(progress).end.is_none())
        {
            return Err(NotStarted::Running);
        }
        let progress = Arc::new(Mutex::new(Progress {
            retry: args.retry_failed,
            ..Progress::default()
        }));
        let pause = Pause::default();
        inner.progress = Some(Arc::clone(&progress));
        inner.pause = Some(pause.clone());
        let password = inner.password.clone();
        drop(inner);
        let runs = Arc::clone(self);
        std::thread::spawn(move || {
            let mut declined = false;
            let mut answer = |plan: &Plan| {
                let agreed = match (plan, confirmed) {
                    (Plan::Send { messages, .. }, Some(confirmed)) => *messages == confirmed,
                    (Plan::Send { .. }, None) => true,
                    (Plan::Drafts { .. }, _) => false,
                };
                declined = !agreed;
                agreed
            };
            let fault = |words: &str| lock(&progress).fault = Some(words.to_owned());
            let controls = Controls {
                password: password.as_ref(),
                answer: Some(&mut answer),
                pause: Some(&pause),
                fault: Some(&fault),
            };
            let mut observer = Recording(Arc::clone(&progress));
            // A run that panics still ends, so that the page does not wait for it forever.
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run_with(&args, controls, &mut observer)
            }));
            let end = match ran {
                Err(_) => End {
                    status: None,
                    words: Some(t!("serve-send-broke")),
                },
                Ok(Ok(_)) if declined => End {
                    status: None,
                    words: Some(t!("serve-send-plan-changed")),
                },
                Ok(Ok(status)) => End {
                    status: Some(status),
                    words: lock(&progress).fault.clone(),
                },
                Ok(Err(error)) => End {
                    status: None,
                    words: Some(error.to_string()),
                },
            };
            lock(&progress).end = Some(end);
            // Taken and given back: whoever waits for the end sees it.
            drop(runs.inner());
            runs.ended.notify_all();
        });
        Ok(())
    }

    /// Stops the running send gently, as a first Ctrl-C stops `send`.
    pub(crate) fn pause(&self) {
        let inner = self.inner();
        if let (Some(pause), Some(progress)) = (&inner.pause, &inner.progress) {
            let mut progress = lock(progress);
            if progress.end.is_none() {
                progress.pausing = true;
                pause.pull();
            }
        }
    }

    /// Waits up to `within` for the running send to end; whether none runs now.
    pub(crate) fn wait(&self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        let mut inner = self.inner();
        loop {
            let running = inner
                .progress
                .as_ref()
                .is_some_and(|progress| lock(progress).end.is_none());
            let now = Instant::now();
            if !running || now >= deadline {
                return !running;
            }
            inner = self
                .ended
                .wait_timeout(inner, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

fn lock(progress: &Mutex<Progress>) -> MutexGuard<'_, Progress> {
    progress.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The run's observer: what it tells goes into its [`Progress`].
struct Recording(Arc<Mutex<Progress>>);

impl Observer for Recording {
    fn event(&mut self, event: &Event<'_>) {
        let mut progress = lock(&self.0);
        match event {
            Event::Sending { messages, estimate } => {
                progress.total = *messages;
                progress.estimate = *estimate;
                progress.started = Some(Instant::now());
            }
            Event::Delivered(delivered) => match delivered.outcome {
                Outcome::Sent(_) => progress.sent += 1,
                Outcome::Deferred(_) => progress.deferred += 1,
                Outcome::Failed(_) => progress.failed += 1,
                Outcome::Uncertain(_) => progress.uncertain += 1,
            },
            Event::Notice(notice) => progress.say(&notice.to_string()),
            _ => {}
        }
    }

    fn say(&mut self, line: &str) {
        lock(&self.0).say(line);
    }
}
