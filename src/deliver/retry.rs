//! Retrying what the relay deferred: exponential backoff with jitter, so sessions that were
//! refused together do not all come back at the same instant.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// How deferred messages are tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// The wait before the second attempt; it doubles at each further one.
    pub base: Duration,
    /// Attempts in all, the first included; after the last, the message stays deferred.
    pub max_attempts: u32,
}

/// No wait grows past this.
const MAX_DELAY: Duration = Duration::from_secs(15 * 60);

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base: Duration::from_secs(5),
            max_attempts: 5,
        }
    }
}

impl RetryPolicy {
    /// The wait after attempt number `attempt` (1-based) failed. `jitter` in `[0, 1)` spreads
    /// it between half and one and a half times the nominal delay.
    pub(crate) fn delay(&self, attempt: u32, jitter: f64) -> Duration {
        let doublings = attempt.saturating_sub(1).min(20);
        let nominal = self.base.saturating_mul(1 << doublings).min(MAX_DELAY);
        nominal.mul_f64(0.5 + jitter.clamp(0.0, 1.0)).min(MAX_DELAY)
    }

    /// Whether a message that failed at attempt `attempt` may be tried again.
    pub(crate) fn allows_another(&self, attempt: u32) -> bool {
        attempt < self.max_attempts
    }
}

/// Why a duration is not understood.
#[derive(Debug, Clone, thiserror::Error)]
#[error("`{0}` is not a duration; use a number and a unit, like `5s`, `2min` or `1h`")]
pub struct DurationError(pub String);

/// A delay as people write it: `500ms`, `5s`, `2min`, `1h` (a bare number is seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delay(pub Duration);

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
        };
        assert_eq!(policy.delay(1, 0.5), Duration::from_secs(2));
        assert_eq!(policy.delay(2, 0.5), Duration::from_secs(4));
        assert_eq!(policy.delay(3, 0.0), Duration::from_secs(4));
        assert_eq!(policy.delay(3, 1.0), Duration::from_secs(12));
        assert_eq!(policy.delay(60, 0.5), MAX_DELAY);
        assert!(policy.allows_another(3));
        assert!(!policy.allows_another(4));
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
