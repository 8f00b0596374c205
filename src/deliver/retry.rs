//! Retrying what the relay deferred: exponential backoff with jitter, so sessions that were
//! refused together do not all come back at the same instant.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// How deferred addresses are tried again: like a mail transfer agent's queue, on a
/// schedule that outlasts greylisting (retries after about 1, 3, 7 and 15 minutes with the
/// defaults: a recipient greylisted for 5 minutes gets the message about 6 to 9 minutes
/// after its first try), while the run goes on at full pace with the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// The wait before the first retry; it doubles at each further one (`--retry-base`).
    pub base: Duration,
    /// Attempts in all, the first included (`--max-attempts`).
    pub max_attempts: u32,
    /// No retry later than this after the first try (`--retry-for`): what is still
    /// deferred then stays `deferred` in the journal, for the next run.
    pub horizon: Duration,
}

/// No wait grows past this.
const MAX_DELAY: Duration = Duration::from_secs(15 * 60);

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base: Duration::from_secs(60),
            // Enough to reach the horizon: 1 + 2 + 4 + 8 + 15 minutes make 30.
            max_attempts: 10,
            horizon: Duration::from_secs(30 * 60),
        }
    }
}

impl RetryPolicy {
    /// The wait after attempt number `attempt` (1-based) failed. `jitter` in `[0, 1)` spreads
    /// it a quarter either side of the nominal delay, so that addresses deferred together
    /// do not all come back at the same instant.
    pub(crate) fn delay(&self, attempt: u32, jitter: f64) -> Duration {
        let doublings = attempt.saturating_sub(1).min(20);
        let nominal = self.base.saturating_mul(1 << doublings).min(MAX_DELAY);
        nominal
            .mul_f64(0.75 + jitter.clamp(0.0, 1.0) / 2.0)
            .min(MAX_DELAY)
    }

    /// When a message deferred at attempt `attempt`, first tried at `first_try`, is tried
    /// again; `None` when the attempts are spent or the next would fall past the horizon.
    pub(crate) fn next_try(
        &self,
        attempt: u32,
        first_try: tokio::time::Instant,
        jitter: f64,
    ) -> Option<tokio::time::Instant> {
        if attempt >= self.max_attempts {
            return None;
        }
        let ready = tokio::time::Instant::now() + self.delay(attempt, jitter);
        (ready <= first_try + self.horizon).then_some(ready)
    }
}

/// The rest before connecting again to a relay that worked earlier in the run and now
/// fails (`failures` in a row, from 1): 5 s doubling up to 30 s, jittered like
/// [`RetryPolicy::delay`].
pub(crate) fn relay_rest(failures: usize, jitter: f64) -> Duration {
    let doublings = u32::try_from(failures.saturating_sub(1))
        .unwrap_or(u32::MAX)
        .min(10);
    Duration::from_secs(5)
        .saturating_mul(1 << doublings)
        .min(Duration::from_secs(30))
        .mul_f64(0.75 + jitter.clamp(0.0, 1.0) / 2.0)
}

/// Why a duration is not understood.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", t!("delivery-bad-duration", text = .0.as_str()))]
pub struct DurationError(pub String);

/// A delay as people write it: `500ms`, `5s`, `2min`, `1h` (a bare number is seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct Delay(pub Duration);

impl TryFrom<String> for Delay {
    type Error = DurationError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl FromStr for Delay {
    type Err = DurationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || DurationError(text.to_string());
        let trimmed = text.trim();
        let split = trimmed
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(trimmed.len());
        let (number, unit) = trimmed.split_at(split);
        let value: f64 = number.parse().map_err(|_| error())?;
        let seconds = match unit.trim() {
            "" | "s" | "sec" => value,
            "ms" => value / 1000.0,
            "m" | "min" => value * 60.0,
            "h" => value * 3600.0,
            _ => return Err(error()),
        };
        Duration::try_from_secs_f64(seconds)
            .map(Self)
            .map_err(|_| error())
    }
}

impl fmt::Display for Delay {
    /// The largest unit that says it exactly: `2min`, `90s`, `1500ms`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.0.as_millis();
        match millis {
            0 => f.write_str("0s"),
            _ if millis.is_multiple_of(3_600_000) => write!(f, "{}h", millis / 3_600_000),
            _ if millis.is_multiple_of(60_000) => write!(f, "{}min", millis / 60_000),
            _ if millis.is_multiple_of(1000) => write!(f, "{}s", millis / 1000),
            _ => write!(f, "{millis}ms"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_bounded_jitter() {
        let policy = RetryPolicy {
            base: Duration::from_secs(2),
            max_attempts: 4,
            horizon: Duration::from_secs(3600),
        };
        assert_eq!(policy.delay(1, 0.5), Duration::from_secs(2));
        assert_eq!(policy.delay(2, 0.5), Duration::from_secs(4));
        assert_eq!(policy.delay(3, 0.0), Duration::from_secs(6));
        assert_eq!(policy.delay(3, 1.0), Duration::from_secs(10));
        assert_eq!(policy.delay(60, 0.5), MAX_DELAY);
    }

    #[tokio::test(start_paused = true)]
    async fn attempts_and_the_horizon_bound_the_retries() {
        let policy = RetryPolicy {
            base: Duration::from_secs(2),
            max_attempts: 4,
            horizon: Duration::from_secs(20),
        };
        let first = tokio::time::Instant::now();
        assert!(policy.next_try(3, first, 0.5).is_some());
        assert_eq!(policy.next_try(4, first, 0.5), None, "attempts spent");
        tokio::time::advance(Duration::from_secs(15)).await;
        // 15 s in, the next try would come 8 s later: past the 20 s horizon.
        assert_eq!(policy.next_try(3, first, 0.5), None);
        assert!(policy.next_try(1, first, 0.5).is_some());
    }

    /// With the defaults, a recipient greylisted for 5 minutes (Postfix's postgrey) gets the
    /// message 6 to 9 minutes after its first try, whatever the jitter; one greylisted for
    /// an hour is still deferred at the 30-minute horizon.
    #[tokio::test(start_paused = true)]
    async fn the_default_schedule_outlasts_a_five_minute_greylist() {
        let policy = RetryPolicy::default();
        for jitter in [0.0, 0.25, 0.5, 0.75, 0.999] {
            let first = tokio::time::Instant::now();
            let delivered_at = |greylist: Duration| {
                let mut at = first;
                let mut attempt = 1;
                loop {
                    if at - first >= greylist {
                        return Some(at - first);
                    }
                    let wait = policy.delay(attempt, jitter);
                    if attempt >= policy.max_attempts || at + wait > first + policy.horizon {
                        return None;
                    }
                    at += wait;
                    attempt += 1;
                }
            };
            let five = delivered_at(Duration::from_secs(300)).expect("delivered in the run");
            assert!(
                (Duration::from_secs(315)..=Duration::from_secs(540)).contains(&five),
                "jitter {jitter}: {five:?}"
            );
            assert_eq!(delivered_at(Duration::from_secs(3600)), None);
        }
    }

    #[test]
    fn a_failing_relay_rests_a_little_longer_each_time() {
        assert_eq!(relay_rest(1, 0.5), Duration::from_secs(5));
        assert_eq!(relay_rest(2, 0.5), Duration::from_secs(10));
        assert_eq!(relay_rest(9, 0.5), Duration::from_secs(30));
    }

    fn delay(text: &str) -> Duration {
        text.parse::<Delay>().expect(text).0
    }

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(delay("500ms"), Duration::from_millis(500));
        assert_eq!(delay("5"), Duration::from_secs(5));
        assert_eq!(delay("2min"), Duration::from_secs(120));
        assert_eq!(delay("1.5s"), Duration::from_millis(1500));
        for bad in ["soon", "5 weeks", "", "-5s"] {
            let error = bad.parse::<Delay>().expect_err(bad).to_string();
            assert!(error.contains("like `5s`, `2min` or `1h`"), "{error}");
        }
    }

    #[test]
    fn a_delay_reads_back_as_written() {
        for text in ["500ms", "5s", "90s", "2min", "1h", "1500ms"] {
            assert_eq!(text.parse::<Delay>().expect(text).to_string(), text);
        }
        assert_eq!(Delay(Duration::from_secs(120)).to_string(), "2min");
    }
}
