//! What a run did: a line for each message that was not accepted, and the summary.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::deliver::{Delivered, Outcome};

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
            size = crate::i18n::size(self.bytes, crate::i18n::lang())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, in_lang};

    #[test]
    fn the_summary_is_said_in_both_languages() {
        let mut tally = Tally {
            sent: 1_234,
            failed: 1,
            deferred: 0,
            uncertain: 2,
            bytes: 2_500_000,
            ..Tally::default()
        };
        for (relay, sent) in [("smtp://a.fr", 1_000), ("smtp://b.fr", 234)] {
            tally.per_relay.insert(
                Arc::from(relay),
                RelayTally {
                    sent,
                    ..RelayTally::default()
                },
            );
        }
        let elapsed = Duration::from_millis(4_240);
        assert_eq!(
            tally.summary_lines(elapsed),
            [
                "sent 1,234, refused 1, deferred 0, uncertain 2 in 4.2 s (2.5\u{a0}MB accepted)",
                "  smtp://a.fr: sent 1,000, refused 0, deferred 0, uncertain 0",
                "  smtp://b.fr: sent 234, refused 0, deferred 0, uncertain 0",
                "`missive report` lists every recipient with the relay's reply",
            ]
        );
        let french = in_lang(Lang::Fr, || tally.summary_lines(elapsed));
        assert_eq!(
            french[0],
            "1\u{202f}234 envoyés, 1 refusé, 0 différé, 2 incertains en 4,2 s (2,5\u{a0}Mo acceptés)"
        );
        assert_eq!(
            french[1],
            "  smtp://a.fr\u{a0}: 1\u{202f}000 envoyés, 0 refusé, 0 différé, 0 incertain"
        );
        for line in &french {
            assert!(crate::i18n::audit::english_left(line).is_empty(), "{line}");
        }
    }
}
