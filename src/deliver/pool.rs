//! Several relays in one run: each has its own sessions, login, TLS and pace, and receives
//! its share of the messages by weight (smooth weighted round-robin: with weights 2 and 1,
//! the turns go A B A, A B A…, so the split is exact and the same every run).
//!
//! A relay that fails again and again (connections refused, 421, other 4xx, replies lost)
//! is taken out of rotation for a cool-down that doubles each time it comes back and fails
//! again; meanwhile its turns go to the others, and so do the messages it deferred. The run
//! stops only when every relay is out at once. With a single relay none of this applies:
//! it keeps the retries and the stop of a one-relay run.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::{Notify, mpsc};
use tokio::time::Instant;

use super::queue::Job;
use super::{Connector, SessionError, Throttle};

/// One relay of the run, as [`super::deliver`] takes it.
pub(crate) struct Relay {
    pub connector: Arc<Connector>,
    /// How the relay is named in reports and the journal: its URL, without credentials.
    pub name: Arc<str>,
    /// Where it was configured (`campaign.toml: [[smtp.relay]] #2`), for errors.
    pub origin: String,
    /// Its own pace; limits per recipient domain are shared by the pool.
    pub throttle: Arc<Throttle>,
    /// SMTP sessions at once.
    pub concurrency: usize,
    /// Messages before a session is renewed.
    pub per_connection: usize,
    /// Its share of the messages against the others'.
    pub weight: u32,
}

/// When a failing relay leaves the rotation, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CoolDown {
    /// Failures in a row that take a relay out (a relay back from a cool-down goes out
    /// again at its first failure).
    pub after_failures: u32,
    /// The first cool-down; each further one without a success in between doubles it.
    pub first: Duration,
    pub longest: Duration,
}

impl Default for CoolDown {
    fn default() -> Self {
        Self {
            after_failures: 3,
            first: Duration::from_secs(30),
            longest: Duration::from_secs(15 * 60),
        }
    }
}

/// How one relay is doing.
#[derive(Debug, Default)]
pub(super) struct Health {
    failures_in_a_row: u32,
    /// Cool-downs since its last success.
    outages: u32,
    out_until: Option<Instant>,
    /// The last failure, said plainly (in both languages).
    last: crate::i18n::Said,
}

impl Health {
    /// Whether the relay takes messages at `now`.
    pub(super) fn in_rotation(&self, now: Instant) -> bool {
        self.out_until.is_none_or(|until| now >= until)
    }

    /// Counts a failure; returns the cool-down when this one takes the relay out. Failures
    /// of sessions still in flight after it went out do not lengthen its cool-down.
    pub(super) fn failed(
        &mut self,
        reason: impl Into<crate::i18n::Said>,
        now: Instant,
        rules: &CoolDown,
    ) -> Option<Duration> {
        if !self.in_rotation(now) {
            return None;
        }
        self.last = reason.into();
        self.failures_in_a_row += 1;
        let threshold = if self.outages > 0 {
            1
        } else {
            rules.after_failures.max(1)
        };
        if self.failures_in_a_row < threshold {
            return None;
        }
        let cool = rules
            .first
            .saturating_mul(1 << self.outages.min(20))
            .min(rules.longest);
        self.outages += 1;
        self.failures_in_a_row = 0;
        self.out_until = Some(now + cool);
        Some(cool)
    }

    /// A message was accepted: the relay is well again.
    pub(super) fn succeeded(&mut self) {
        self.failures_in_a_row = 0;
        self.outages = 0;
    }
}

/// Whose turn it is: smooth weighted round-robin over the relays in rotation.
#[derive(Debug)]
pub(super) struct Rotation {
    weights: Vec<i64>,
    current: Vec<i64>,
}

impl Rotation {
    pub(super) fn new(weights: &[u32]) -> Self {
        Self {
            weights: weights.iter().map(|&w| i64::from(w.max(1))).collect(),
            current: vec![0; weights.len()],
        }
    }

    /// The next relay among those `available` says yes to; `None` when none is.
    pub(super) fn next(&mut self, available: impl Fn(usize) -> bool) -> Option<usize> {
        let mut total = 0;
        let mut best: Option<usize> = None;
        for index in (0..self.weights.len()).filter(|&i| available(i)) {
            self.current[index] += self.weights[index];
            total += self.weights[index];
            if best.is_none_or(|b| self.current[index] > self.current[b]) {
                best = Some(index);
            }
        }
        let chosen = best?;
        self.current[chosen] -= total;
        Some(chosen)
    }
}

/// A fault that stops the whole run.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Fault {
    /// The only relay's fault, told as it always was.
    #[error(transparent)]
    Session(#[from] SessionError),
    /// One relay of a pool cannot be used until a person mends it (a refused login, an
    /// untrusted certificate): a configuration error, fixed before going on.
    #[error("{}", t!("delivery-relay-fault", origin = origin.as_str(), relay = relay.as_str(), error = error.to_string()))]
    Relay {
        origin: String,
        relay: String,
        error: SessionError,
    },
    #[error("{}", t!("delivery-all-relays-out", relays = relays.iter().map(|(relay, why)| t!("delivery-relay-out", relay = relay.as_str(), why = why.to_string())).collect::<Vec<_>>().join("; ")))]
    AllRelaysOut {
        relays: Vec<(String, crate::i18n::Said)>,
    },
}

/// The relays of a run and how each is doing.
pub(super) struct Pool {
    pub members: Vec<Member>,
    rotation: Mutex<Rotation>,
    rules: CoolDown,
    /// Told when a relay leaves the rotation.
    pub changed: Notify,
    /// Where a relay leaving the rotation is told to the run.
    reports: tokio::sync::mpsc::UnboundedSender<super::Report>,
}

/// One relay and its health.
pub(super) struct Member {
    pub relay: Relay,
    health: Mutex<Health>,
}

impl Pool {
    pub(super) fn new(
        relays: Vec<Relay>,
        rules: CoolDown,
        reports: tokio::sync::mpsc::UnboundedSender<super::Report>,
    ) -> Self {
        let weights: Vec<u32> = relays.iter().map(|r| r.weight).collect();
        Self {
            members: relays
                .into_iter()
                .map(|relay| Member {
                    relay,
                    health: Mutex::new(Health::default()),
                })
                .collect(),
            rotation: Mutex::new(Rotation::new(&weights)),
            rules,
            changed: Notify::new(),
            reports,
        }
    }

    /// Whether several relays share the messages (cool-downs apply only then).
    pub(super) fn is_pooled(&self) -> bool {
        self.members.len() > 1
    }

    /// The relay whose turn it is among those in rotation; `None`: every one is out.
    pub(super) fn pick(&self, now: Instant) -> Option<usize> {
        lock(&self.rotation).next(|index| self.in_rotation(index, now))
    }

    pub(super) fn in_rotation(&self, index: usize, now: Instant) -> bool {
        !self.is_pooled() || lock(&self.members[index].health).in_rotation(now)
    }

    /// Counts a failure of relay `index`; it may leave the rotation.
    pub(super) fn failed(&self, index: usize, reason: &dyn std::fmt::Display) {
        if !self.is_pooled() {
            return;
        }
        let member = &self.members[index];
        let said = crate::i18n::Said::of(|| reason.to_string());
        let cool = lock(&member.health).failed(said.clone(), Instant::now(), &self.rules);
        if let Some(cool) = cool {
            let _ = self
                .reports
                .send(super::Report::Notice(crate::events::Notice::RelayResting {
                    relay: member.relay.name.to_string(),
                    rest: cool,
                    reason: said,
                }));
            self.changed.notify_waiters();
        }
    }

    pub(super) fn succeeded(&self, index: usize) {
        lock(&self.members[index].health).succeeded();
    }

    /// The fault of relay `index` that only a person can mend.
    pub(super) fn fault(&self, index: usize, error: SessionError) -> Fault {
        if !self.is_pooled() {
            return Fault::Session(error);
        }
        let relay = &self.members[index].relay;
        Fault::Relay {
            origin: relay.origin.clone(),
            relay: relay.name.to_string(),
            error,
        }
    }

    /// Every relay is out: which, and why.
    pub(super) fn all_out(&self) -> Fault {
        Fault::AllRelaysOut {
            relays: self
                .members
                .iter()
                .map(|m| (m.relay.name.to_string(), lock(&m.health).last.clone()))
                .collect(),
        }
    }
}

/// Hands each message to the relay whose turn it is, as that relay's sessions can take it;
/// skips relays out of rotation. Ends when the queue does, or the run stops; stops the run
/// when every relay is out.
pub(super) async fn dispatch(
    shared: Arc<super::Shared>,
    inboxes: Vec<mpsc::Sender<Job>>,
) -> Result<(), Fault> {
    let pool = &shared.pool;
    loop {
        let job = tokio::select! {
            job = shared.queue.next() => job,
            () = shared.stop.wait() => None,
        };
        let Some(job) = job else {
            return Ok(());
        };
        let mut chosen = pool.pick(Instant::now());
        loop {
            let Some(index) = chosen else {
                shared.queue.give_back(job, Instant::now());
                shared.stop.set();
                return Err(pool.all_out());
            };
            let changed = pool.changed.notified();
            tokio::select! {
                permit = inboxes[index].reserve() => {
                    match permit {
                        Ok(permit) => permit.send(job),
                        // The relay's sessions ended (the run is stopping).
                        Err(_) => shared.queue.give_back(job, Instant::now()),
                    }
                    break;
                }
                () = changed => {
                    if !pool.in_rotation(index, Instant::now()) {
                        chosen = pool.pick(Instant::now());
                    }
                }
                () = shared.stop.wait() => {
                    shared.queue.give_back(job, Instant::now());
                    return Ok(());
                }
            }
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The guarded values stay consistent whatever panicked: keep using them.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(weights: &[u32], count: usize, available: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut rotation = Rotation::new(weights);
        let mut counts = vec![0; weights.len()];
        for _ in 0..count {
            if let Some(index) = rotation.next(&available) {
                counts[index] += 1;
            }
        }
        counts
    }

    #[test]
    fn turns_follow_the_weights_exactly_and_smoothly() {
        assert_eq!(turns(&[2, 1], 300, |_| true), [200, 100]);
        assert_eq!(turns(&[1, 1, 1], 300, |_| true), [100, 100, 100]);
        assert_eq!(turns(&[5, 3, 2], 1000, |_| true), [500, 300, 200]);
        let mut rotation = Rotation::new(&[2, 1]);
        let order: Vec<usize> = (0..6).filter_map(|_| rotation.next(|_| true)).collect();
        assert_eq!(order, [0, 1, 0, 0, 1, 0], "never two turns of B in a row");
    }

    #[test]
    fn a_relay_out_of_rotation_gets_no_turn_and_none_left_is_none() {
        assert_eq!(turns(&[2, 1, 1], 90, |i| i != 0), [0, 45, 45]);
        assert_eq!(Rotation::new(&[1, 1]).next(|_| false), None);
    }

    #[tokio::test(start_paused = true)]
    async fn a_relay_goes_out_after_failures_in_a_row_and_its_cool_down_doubles() {
        let rules = CoolDown::default();
        let mut health = Health::default();
        let now = Instant::now();
        assert_eq!(health.failed("421", now, &rules), None);
        assert_eq!(health.failed("421", now, &rules), None);
        assert_eq!(
            health.failed("connection refused", now, &rules),
            Some(Duration::from_secs(30))
        );
        assert!(!health.in_rotation(Instant::now()));
        assert_eq!(
            health.failed("421", Instant::now(), &rules),
            None,
            "failures while out do not lengthen the cool-down"
        );
        tokio::time::advance(Duration::from_secs(30)).await;
        assert!(
            health.in_rotation(Instant::now()),
            "back after its cool-down"
        );
        assert_eq!(
            health.failed("421", Instant::now(), &rules),
            Some(Duration::from_secs(60)),
            "back on probation: one failure sends it out for twice as long"
        );
        tokio::time::advance(Duration::from_secs(60)).await;
        health.succeeded();
        assert_eq!(health.failed("421", Instant::now(), &rules), None);
    }

    #[tokio::test(start_paused = true)]
    async fn the_longest_cool_down_is_capped() {
        let rules = CoolDown {
            after_failures: 1,
            ..CoolDown::default()
        };
        let mut health = Health::default();
        let mut last = Duration::ZERO;
        for _ in 0..12 {
            last = health
                .failed("refused", Instant::now(), &rules)
                .expect("out at each failure");
            tokio::time::advance(last).await;
        }
        assert_eq!(last, rules.longest);
    }
}
