//! Progress of a send: a bar on a terminal, a plain line every few seconds elsewhere (a log,
//! a cron job), so a long throttled run never looks stuck. The time left comes from the rate
//! limits and what is left, not from the first seconds' speed: the first message of a paced
//! run goes at once, and the bar's own guess from it was far too long (15 minutes for 9
//! messages at 6/min).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::deliver::Outcome;

/// Plain progress lines are this far apart.
const LINE_EVERY: Duration = Duration::from_secs(10);

pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    total: usize,
    /// Messages left to the other senders of a shared journal, out of `total`.
    elsewhere: usize,
    /// How long the rate limits make all `total` messages last; `None`: no limit.
    estimate: Option<Duration>,
    counts: Counts,
    started: Instant,
    last_line: Instant,
}

/// Outcomes so far.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    sent: usize,
    failed: usize,
    deferred: usize,
    uncertain: usize,
}

impl Counts {
    fn done(&self) -> usize {
        self.sent + self.failed + self.deferred + self.uncertain
    }

    /// The outcomes so far and the time `left`, in the run's language.
    fn words(&self, left: Duration) -> String {
        t!(
            "progress-counts",
            sent = self.sent,
            failed = self.failed,
            deferred = self.deferred,
            uncertain = self.uncertain,
            left = crate::units::Span(left).to_string()
        )
    }
}

/// The plain line of a run whose standard error is no terminal: `progress: 5/12 (…), 3.2
/// per minute`, `avancement : 5 sur 12 (…), 3,2 par minute`.
fn line(done: usize, total: usize, counts: &str, rate: f64) -> String {
    let rate = format!("{rate:.1}");
    let rate = match crate::i18n::lang() {
        crate::i18n::Lang::Fr => rate.replace('.', ","),
        crate::i18n::Lang::En => rate,
    };
    t!(
        "progress-line",
        position = t!("progress-position", done = done, total = total),
        counts = counts,
        rate = rate
    )
}

impl Progress {
    /// Progress over `total` messages; a bar only when standard error is a terminal.
    pub(crate) fn new(total: usize, estimate: Option<Duration>) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total as u64),
                ProgressDrawTarget::stderr_with_hz(4),
            );
            // The bar's own placeholders, put in the words of the run's language.
            let position = t!("progress-position", done = "{pos}", total = "{len}");
            let template = format!("{{bar:30}} {position} {{msg}} [{{elapsed_precise}}]");
            let style = ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        let now = Instant::now();
        Self {
            bar,
            total,
            elsewhere: 0,
            estimate,
            counts: Counts::default(),
            started: now,
            last_line: now,
        }
    }

    /// Runs `print` without tearing the bar.
    pub(crate) fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// `count` messages are left to the other senders of a shared journal: this run's total
    /// is that much smaller.
    pub(crate) fn left_elsewhere(&mut self, count: usize) {
        if count != self.elsewhere {
            self.elsewhere = count;
            if let Some(bar) = &self.bar {
                bar.set_length(self.expected() as u64);
            }
        }
    }

    fn expected(&self) -> usize {
        self.total.saturating_sub(self.elsewhere)
    }

    /// Counts one outcome and shows where the run is.
    pub(crate) fn record(&mut self, outcome: &Outcome) {
        let counts = &mut self.counts;
        match outcome {
            Outcome::Sent(_) => counts.sent += 1,
            Outcome::Failed(_) => counts.failed += 1,
            Outcome::Deferred(_) => counts.deferred += 1,
            Outcome::Uncertain(_) => counts.uncertain += 1,
        }
        let done = self.counts.done();
        let left = time_left(self.expected(), done, self.estimate, self.started.elapsed());
        let words = self.counts.words(left);
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
            bar.set_message(words);
            return;
        }
        if self.last_line.elapsed() >= LINE_EVERY {
            self.last_line = Instant::now();
            let elapsed = self.started.elapsed().as_secs_f64().max(0.001);
            #[allow(clippy::cast_precision_loss)] // a rate shown to one decimal
            let rate = done as f64 / elapsed * 60.0;
            eprintln!("{}", line(done, self.expected(), &words, rate));
        }
    }

    pub(crate) fn finish(self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The time `total - done` more messages take: their share of the rate limits' `estimate`
/// for all `total`, or, when the pace seen so far is slower (or nothing limits it), what that
/// pace gives.
pub(crate) fn time_left(
    total: usize,
    done: usize,
    estimate: Option<Duration>,
    elapsed: Duration,
) -> Duration {
    let left = total.saturating_sub(done);
    if left == 0 {
        return Duration::ZERO;
    }
    let share = |whole: Duration, part: usize, of: usize| {
        let part = u32::try_from(part).unwrap_or(u32::MAX);
        let of = u32::try_from(of.max(1)).unwrap_or(u32::MAX);
        whole.saturating_mul(part) / of
    };
    let paced = estimate.map(|estimate| share(estimate, left, total));
    let seen = (done > 0).then(|| share(elapsed, left, done));
    match (paced, seen) {
        (Some(paced), Some(seen)) => paced.max(seen),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => Duration::ZERO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn nine_messages_at_six_a_minute_take_about_a_minute_and_a_half_not_fifteen() {
        // 6/min: one message every 10 s; the first goes at once, so 9 last 80 s.
        let estimate = Some(Duration::from_secs(80));
        let at_start = time_left(9, 0, estimate, Duration::ZERO);
        assert_eq!(at_start, Duration::from_secs(80));
        // The first message went at once: the pace seen (0.1 s a message) would promise
        // about a second; the rate limits say the truth.
        let after_one = time_left(9, 1, estimate, Duration::from_millis(100));
        assert!(
            (Duration::from_secs(60)..=Duration::from_secs(80)).contains(&after_one),
            "{after_one:?}"
        );
        assert!(after_one < 2 * MINUTE);
    }

    #[test]
    fn without_a_limit_the_pace_seen_decides() {
        let left = time_left(100, 25, None, Duration::from_secs(10));
        assert_eq!(left, Duration::from_secs(30));
        assert_eq!(time_left(100, 0, None, Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn progress_is_said_in_both_languages() {
        use crate::i18n::{Lang, in_lang};
        let counts = Counts {
            sent: 4,
            failed: 1,
            deferred: 0,
            uncertain: 2,
        };
        let said = |lang| {
            in_lang(lang, || {
                line(7, 1234, &counts.words(Duration::from_secs(180)), 3.24)
            })
        };
        assert_eq!(
            said(Lang::En),
            "progress: 7/1,234 (sent 4, refused 1, deferred 0, uncertain 2, about 3 min left), 3.2 per minute"
        );
        assert_eq!(
            said(Lang::Fr),
            "avancement\u{a0}: 7 sur 1\u{202f}234 (4 envoyés, 1 refusé, 0 différé, 2 incertains, \
             reste environ 3\u{a0}min), 3,2 par minute"
        );
    }

    #[test]
    fn a_relay_slower_than_its_limit_makes_the_wait_longer() {
        // Limited to 60/min, but each message took 5 s so far.
        let left = time_left(10, 2, Some(Duration::from_secs(9)), Duration::from_secs(10));
        assert_eq!(left, Duration::from_secs(40));
        assert_eq!(
            time_left(10, 10, None, Duration::from_secs(1)),
            Duration::ZERO
        );
    }
}
