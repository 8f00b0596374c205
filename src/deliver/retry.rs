//! Retrying what the relay deferred: exponential backoff with jitter, so sessions that were
//! refused together do not all come back at the same instant.

use std::time::Duration;

/// How deferred messages are tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
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
    pub fn delay(&self, attempt: u32, jitter: f64) -> Duration {
        let doublings = attempt.saturating_sub(1).min(20);
        let nominal = self.base.saturating_mul(1 << doublings).min(MAX_DELAY);
        nominal.mul_f64(0.5 + jitter.clamp(0.0, 1.0)).min(MAX_DELAY)
    }

    /// Whether a message that failed at attempt `attempt` may be tried again.
    pub fn allows_another(&self, attempt: u32) -> bool {
        attempt < self.max_attempts
    }
}

/// Why a duration is not understood.
#[derive(Debug, Clone, thiserror::Error)]
#[error("`{0}` is not a duration; write it like `500ms`, `5s`, `2min` or `1h`")]
pub struct DurationError(pub String);

/// Parses `500ms`, `5s`, `2min`, `1h` (a bare number is seconds).
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let error = || DurationError(text.to_string());
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().map_err(|_| error())?;
    let seconds = match unit.trim() {
        "" | "s" | "sec" => value,
        "ms" => value / 1000.0,
        "m" | "min" => value * 60.0,
        "h" => value * 3600.0,
        _ => return Err(error()),
    };
    Duration::try_from_secs_f64(seconds).map_err(|_| error())
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

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(
            parse_duration("500ms").expect("ms"),
            Duration::from_millis(500)
        );
        assert_eq!(parse_duration("5").expect("s"), Duration::from_secs(5));
        assert_eq!(
            parse_duration("2min").expect("min"),
            Duration::from_secs(120)
        );
        assert_eq!(
            parse_duration("1.5s").expect("s"),
            Duration::from_millis(1500)
        );
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 weeks").is_err());
    }
}
