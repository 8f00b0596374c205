//! Progress of a send: a bar on a terminal, a plain line every few seconds elsewhere (a log,
//! a cron job), so a long throttled run never looks stuck.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::report::Tally;

/// Plain progress lines are this far apart.
const LINE_EVERY: Duration = Duration::from_secs(10);

pub struct Progress {
    bar: Option<ProgressBar>,
    total: usize,
    /// Messages left to the other senders of a shared journal, out of `total`.
    elsewhere: usize,
    started: Instant,
    last_line: Instant,
}

impl Progress {
    /// Progress over `total` messages; a bar only when standard error is a terminal.
    pub fn new(total: usize) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total as u64),
                ProgressDrawTarget::stderr_with_hz(4),
            );
            let style = ProgressStyle::with_template(
                "{bar:30} {pos}/{len} {msg} [{elapsed_precise}, about {eta} left]",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        let now = Instant::now();
        Self {
            bar,
            total,
            elsewhere: 0,
            started: now,
            last_line: now,
        }
    }

    /// Runs `print` without tearing the bar.
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// `count` messages are left to the other senders of a shared journal: this run's total
    /// is that much smaller.
    pub fn left_elsewhere(&mut self, count: usize) {
        if count != self.elsewhere {
            self.elsewhere = count;
            if let Some(bar) = &self.bar {
                bar.set_length(self.total.saturating_sub(count) as u64);
            }
        }
    }

    /// Shows the counts after a result.
    pub fn update(&mut self, tally: &Tally) {
        let done = tally.attempted();
        let counts = format!(
            "sent {}, refused {}, deferred {}, uncertain {}",
            tally.sent, tally.failed, tally.deferred, tally.uncertain
        );
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
            bar.set_message(counts);
            return;
        }
        if self.last_line.elapsed() >= LINE_EVERY {
            self.last_line = Instant::now();
            let elapsed = self.started.elapsed().as_secs_f64().max(0.001);
            #[allow(clippy::cast_precision_loss)] // a rate shown to one decimal
            let rate = done as f64 / elapsed * 60.0;
            eprintln!(
                "progress: {done}/{} ({counts}), {rate:.1} per minute",
                self.total.saturating_sub(self.elsewhere)
            );
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
