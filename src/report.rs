//! What a run did: a line for each message that was not accepted, and the summary.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::deliver::{Delivered, Outcome};
use crate::units::Size;

/// Counts of a send run.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub sent: usize,
    pub failed: usize,
    pub deferred: usize,
    pub uncertain: usize,
    pub bytes: u64,
    /// The same counts for each relay that gave an outcome, by its URL.
    pub per_relay: BTreeMap<Arc<str>, RelayTally>,
}

/// What one relay of the run did with the messages it was given last.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RelayTally {
    pub sent: usize,
    pub failed: usize,
    pub deferred: usize,
    pub uncertain: usize,
}

impl Tally {
    /// A tally that lists every relay of a pool in its summary, even one that ends with no
    /// message (it was out of rotation); a single relay gets no line of its own.
    pub(crate) fn for_relays<'a>(relays: impl IntoIterator<Item = &'a str>) -> Self {
        let mut tally = Self::default();
        let relays: Vec<&str> = relays.into_iter().collect();
        if relays.len() > 1 {
            for relay in relays {
                tally
                    .per_relay
                    .insert(Arc::from(relay), RelayTally::default());
            }
        }
        tally
    }

    /// Counts one result.
    pub(crate) fn record(&mut self, delivered: &Delivered) {
        if let Some(relay) = &delivered.relay {
            let counts = self.per_relay.entry(Arc::clone(relay)).or_default();
            match &delivered.outcome {
                Outcome::Sent(_) => counts.sent += 1,
                Outcome::Failed(_) => counts.failed += 1,
                Outcome::Deferred(_) => counts.deferred += 1,
                Outcome::Uncertain(_) => counts.uncertain += 1,
            }
        }
        match &delivered.outcome {
            Outcome::Sent(_) => {
                self.sent += 1;
                self.bytes += delivered.message.bytes.len() as u64;
            }
            Outcome::Failed(_) => self.failed += 1,
            Outcome::Deferred(_) => self.deferred += 1,
            Outcome::Uncertain(_) => self.uncertain += 1,
        }
    }

    /// Messages that got an answer, whatever it was.
    pub(crate) fn attempted(&self) -> usize {
        self.sent + self.failed + self.deferred + self.uncertain
    }

    /// Whether every attempted message was accepted.
    pub(crate) fn all_sent(&self) -> bool {
        self.failed == 0 && self.deferred == 0 && self.uncertain == 0
    }

    /// The closing summary of a send, a line each (its words: locales/*/send.ftl).
    pub(crate) fn summary_lines(&self, elapsed: Duration) -> Vec<String> {
        let seconds = format!("{:.1}", elapsed.as_secs_f64());
        let seconds = match crate::i18n::lang() {
            crate::i18n::Lang::Fr => seconds.replace('.', ","),
            crate::i18n::Lang::En => seconds,
        };
        let mut lines = vec![t!(
            "send-summary",
            sent = self.sent,
            failed = self.failed,
            deferred = self.deferred,
            uncertain = self.uncertain,
            seconds = seconds,
            size = Size(self.bytes).to_string()
        )];
        if self.per_relay.len() > 1 {
            for (relay, counts) in &self.per_relay {
                lines.push(t!(
                    "send-summary-relay",
                    relay = relay.to_string(),
                    sent = counts.sent,
                    failed = counts.failed,
                    deferred = counts.deferred,
                    uncertain = counts.uncertain
                ));
            }
        }
        if !self.all_sent() {
            lines.push(t!("send-summary-report"));
        }
        lines
    }
}
