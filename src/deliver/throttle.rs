//! Pacing: how fast messages may leave. `N/period` means at most N in any window of that
//! period, spread evenly (one every period/N, no initial burst), so several limits stack by
//! keeping the longest spacing. A relay that says "slow down" (421, 451, 452, 454) doubles
//! the spacing for everyone; each accepted message then wins a little speed back.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// One limit: `count` messages per `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct Rate {
    pub count: u32,
    pub period: Duration,
}

/// A rate limit as `--rate` and `[throttle] rate` take it: a rate, or none at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum RateLimit {
    Limited(Rate),
    /// `unlimited`: as fast as the relay takes them.
    Unlimited,
}

/// Why a rate is not understood.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", t!("delivery-bad-rate", text = .0.as_str()))]
pub struct RateError(pub String);

impl Rate {
    /// The even spacing this limit asks for.
    pub fn interval(self) -> Duration {
        self.period / self.count.max(1)
    }
}

impl FromStr for RateLimit {
    type Err = RateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.trim().eq_ignore_ascii_case("unlimited") {
            return Ok(Self::Unlimited);
        }
        text.parse().map(Self::Limited)
    }
}

impl TryFrom<String> for RateLimit {
    type Error = RateError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Limited(rate) => rate.fmt(f),
            Self::Unlimited => f.write_str("unlimited"),
        }
    }
}

impl FromStr for Rate {
    type Err = RateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || RateError(text.to_string());
        let (count, unit) = text.trim().split_once('/').ok_or_else(error)?;
        let count: u32 = count.trim().parse().map_err(|_| error())?;
        if count == 0 {
            return Err(error());
        }
        let period = match unit.trim().to_ascii_lowercase().as_str() {
            "s" | "sec" | "second" => Duration::from_secs(1),
            "m" | "min" | "minute" => Duration::from_secs(60),
            "h" | "hour" => Duration::from_secs(3600),
            "d" | "day" => Duration::from_secs(86_400),
            _ => return Err(error()),
        };
        Ok(Self { count, period })
    }
}

impl TryFrom<String> for Rate {
    type Error = RateError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.period.as_secs() {
            1 => "s",
            60 => "min",
            3600 => "h",
            _ => "day",
        };
        write!(f, "{}/{unit}", self.count)
    }
}

/// The spacing never grows past this many times the configured one.
const MAX_SLOWDOWN: f64 = 32.0;
/// Each accepted message takes this much off the slowdown factor (slow recovery).
const RECOVERY_STEP: f64 = 0.05;
/// Replies that arrive together tell of one congestion: the spacing doubles at most this
/// often (as TCP halves its window at most once per round trip).
const INCREASE_EVERY: Duration = Duration::from_secs(1);
/// With no configured limit, a "slow down" still spaces messages by this much.
const UNLIMITED_BASE: Duration = Duration::from_millis(100);

/// Pacing shared by every session of a run.
#[derive(Debug)]
pub(crate) struct Throttle {
    global: Pacer,
    per_domain: HashMap<String, Pacer>,
    slowdown: Mutex<Slowdown>,
}

/// The factor on the spacing, and when it last grew.
#[derive(Debug)]
struct Slowdown {
    factor: f64,
    last_increase: Option<Instant>,
}

#[derive(Debug)]
struct Pacer {
    interval: Duration,
    next: Mutex<Option<Instant>>,
}

impl Pacer {
    fn new(interval: Duration) -> Self {
        Self {
            interval,
            next: Mutex::new(None),
        }
    }

    /// Books the next slot at least `spacing` after the previous one; returns when it is.
    fn book(&self, spacing: Duration) -> Instant {
        let now = Instant::now();
        let mut next = lock(&self.next);
        let slot = next.map_or(now, |n| n.max(now));
        *next = Some(slot + spacing);
        slot
    }
}

impl Throttle {
    /// Stacks the limits (the longest spacing wins); per-domain limits apply on top.
    pub(crate) fn new(limits: &[Rate], per_domain: &[(String, Rate)]) -> Self {
        let interval = limits
            .iter()
            .map(|r| r.interval())
            .max()
            .unwrap_or_default();
        let mut domains: HashMap<String, Pacer> = HashMap::new();
        for (domain, rate) in per_domain {
            let key = domain.to_ascii_lowercase();
            let interval = rate.interval();
            match domains.get(&key) {
                Some(existing) if existing.interval >= interval => {}
                _ => {
                    domains.insert(key, Pacer::new(interval));
                }
            }
        }
        Self {
            global: Pacer::new(interval),
            per_domain: domains,
            slowdown: Mutex::new(Slowdown {
                factor: 1.0,
                last_increase: None,
            }),
        }
    }

    /// The spacing between two messages now, slowdown included.
    pub(crate) fn spacing(&self) -> Duration {
        let factor = lock(&self.slowdown).factor;
        if factor <= 1.0 {
            return self.global.interval;
        }
        let base = if self.global.interval.is_zero() {
            UNLIMITED_BASE
        } else {
            self.global.interval
        };
        base.mul_f64(factor)
    }

    /// Waits for this message's turn: its domain's, then the run's.
    pub(crate) async fn wait_turn(&self, domain: &str) {
        if let Some(pacer) = self.per_domain.get(&domain.to_ascii_lowercase()) {
            let factor = lock(&self.slowdown).factor.max(1.0);
            wait_until(pacer.book(pacer.interval.mul_f64(factor))).await;
        }
        wait_until(self.global.book(self.spacing())).await;
    }

    /// The relay asked to slow down: halve the rate (multiplicative decrease).
    pub(crate) fn slow_down(&self) {
        let now = Instant::now();
        let mut slowdown = lock(&self.slowdown);
        if slowdown
            .last_increase
            .is_some_and(|last| now.duration_since(last) < INCREASE_EVERY)
        {
            return;
        }
        slowdown.last_increase = Some(now);
        slowdown.factor = (slowdown.factor * 2.0).min(MAX_SLOWDOWN);
    }

    /// A message was accepted: win a little speed back (slow, additive recovery).
    pub(crate) fn recover(&self) {
        let mut slowdown = lock(&self.slowdown);
        slowdown.factor = (slowdown.factor - RECOVERY_STEP).max(1.0);
    }

    /// Whether any limit is configured.
    pub(crate) fn is_limited(&self) -> bool {
        !self.global.interval.is_zero() || !self.per_domain.is_empty()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The guarded values stay consistent whatever panicked: keep using them.
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Sleeps until `turn`, or not at all when it has come: tokio's timer counts whole
/// milliseconds and rounds a deadline up, so even a turn already due would cost a session
/// about a millisecond per message (measured: a session capped near 1,000 msg/s, whatever
/// the relay could take).
async fn wait_until(turn: Instant) {
    if turn > Instant::now() {
        tokio::time::sleep_until(turn).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(text: &str) -> Rate {
        text.parse().expect("valid rate")
    }

    #[test]
    fn reads_the_rates_people_write() {
        assert_eq!(rate("30/min").interval(), Duration::from_secs(2));
        assert_eq!(rate("2/s").interval(), Duration::from_millis(500));
        assert_eq!(rate("1000/h").interval(), Duration::from_millis(3600));
        assert_eq!(
            rate(" 5000 / day ").interval(),
            Duration::from_millis(17_280)
        );
        for bad in ["30", "0/s", "x/min", "3/week", "", "unlimited"] {
            let error = bad.parse::<Rate>().expect_err(bad);
            assert!(error.to_string().contains("30/min"), "{error}");
        }
        assert_eq!(rate("30/min").to_string(), "30/min");
    }

    #[test]
    fn a_rate_limit_is_a_rate_or_unlimited_and_reads_back_as_written() {
        for text in ["30/min", "2/s", "1000/h", "5000/day", "unlimited"] {
            let limit: RateLimit = text.parse().expect(text);
            assert_eq!(limit.to_string(), text);
        }
        assert_eq!(
            " Unlimited ".parse::<RateLimit>().ok(),
            Some(RateLimit::Unlimited)
        );
        let error = "vite".parse::<RateLimit>().expect_err("not a rate");
        assert!(
            error.to_string().contains("`vite` is not a rate"),
            "{error}"
        );
        assert!(error.to_string().contains("like `30/min`"), "{error}");
    }

    /// When each of `count` back-to-back messages was let through, from the start.
    async fn release_times(throttle: &Throttle, domain: &str, count: usize) -> Vec<Duration> {
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..count {
            throttle.wait_turn(domain).await;
            times.push(start.elapsed());
        }
        times
    }

    #[tokio::test(start_paused = true)]
    async fn messages_are_spread_evenly_with_no_initial_burst() {
        let throttle = Throttle::new(&[rate("10/s")], &[]);
        let times = release_times(&throttle, "ac-lille.fr", 5).await;
        assert_eq!(
            times,
            [0, 100, 200, 300, 400].map(Duration::from_millis).to_vec()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn stacked_limits_keep_the_longest_spacing() {
        let throttle = Throttle::new(&[rate("10/s"), rate("60/min")], &[]);
        let times = release_times(&throttle, "x.fr", 3).await;
        assert_eq!(times, [0, 1000, 2000].map(Duration::from_millis).to_vec());
    }

    #[tokio::test(start_paused = true)]
    async fn a_domain_cap_applies_to_its_domain_only() {
        let throttle = Throttle::new(&[rate("10/s")], &[("AC-Lille.fr".into(), rate("2/s"))]);
        let start = Instant::now();
        throttle.wait_turn("ac-lille.fr").await;
        throttle.wait_turn("ac-lille.fr").await;
        assert_eq!(start.elapsed(), Duration::from_millis(500));
        throttle.wait_turn("gmail.com").await;
        assert_eq!(start.elapsed(), Duration::from_millis(600));
    }

    #[tokio::test(start_paused = true)]
    async fn slow_down_doubles_the_spacing_and_recovery_is_gradual() {
        let throttle = Throttle::new(&[rate("10/s")], &[]);
        throttle.slow_down();
        assert_eq!(throttle.spacing(), Duration::from_millis(200));
        throttle.slow_down();
        assert_eq!(
            throttle.spacing(),
            Duration::from_millis(200),
            "replies of one congestion count once"
        );
        tokio::time::advance(INCREASE_EVERY).await;
        throttle.slow_down();
        assert_eq!(throttle.spacing(), Duration::from_millis(400));
        for _ in 0..20 {
            throttle.recover();
        }
        assert_eq!(throttle.spacing(), Duration::from_millis(300));
        for _ in 0..100 {
            throttle.recover();
        }
        assert_eq!(throttle.spacing(), Duration::from_millis(100));
        for _ in 0..20 {
            tokio::time::advance(INCREASE_EVERY).await;
            throttle.slow_down();
        }
        assert_eq!(throttle.spacing(), Duration::from_millis(3200), "capped");
    }

    #[tokio::test(start_paused = true)]
    async fn unlimited_runs_free_until_the_relay_objects() {
        let throttle = Throttle::new(&[], &[]);
        assert!(!throttle.is_limited());
        let times = release_times(&throttle, "x.fr", 3).await;
        assert_eq!(times, [Duration::ZERO; 3].to_vec());
        throttle.slow_down();
        assert_eq!(throttle.spacing(), Duration::from_millis(200));
    }

    /// A turn already due must not go through tokio's timer, which rounds up to the next
    /// millisecond: at once means at the first poll.
    #[tokio::test]
    async fn a_turn_already_due_is_taken_at_the_first_poll() {
        use std::future::Future as _;
        let throttle = Throttle::new(&[], &[]);
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        for _ in 0..3 {
            let turn = std::pin::pin!(throttle.wait_turn("x.fr"));
            assert!(
                turn.poll(&mut context).is_ready(),
                "an unlimited run waited"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_sessions_share_one_pace() {
        let throttle = std::sync::Arc::new(Throttle::new(&[rate("4/s")], &[]));
        let start = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..4 {
            let throttle = std::sync::Arc::clone(&throttle);
            tasks.spawn(async move {
                throttle.wait_turn("x.fr").await;
                start.elapsed()
            });
        }
        let mut times = tasks.join_all().await;
        times.sort();
        assert_eq!(
            times,
            [0, 250, 500, 750].map(Duration::from_millis).to_vec()
        );
    }
}
