//! What a run did: a line for each message that was not accepted, and the summary.

use std::time::Duration;

use crate::deliver::{Delivered, Outcome};
use crate::pipeline::Size;

/// Counts of a send run.
#[derive(Debug, Default)]
pub struct Tally {
    pub sent: usize,
    pub failed: usize,
    pub deferred: usize,
    pub uncertain: usize,
    pub bytes: u64,
}

impl Tally {
    /// Counts one result; a message not accepted is reported on standard error at once.
    pub fn record(&mut self, delivered: &Delivered) {
        let message = &delivered.message;
        let (what, reply) = match &delivered.outcome {
            Outcome::Sent(_) => {
                self.sent += 1;
                self.bytes += message.bytes.len() as u64;
                return;
            }
            Outcome::Failed(reply) => {
                self.failed += 1;
                ("refused", reply)
            }
            Outcome::Deferred(reply) => {
                self.deferred += 1;
                ("deferred (try again later)", reply)
            }
            Outcome::Uncertain(reply) => {
                self.uncertain += 1;
                ("uncertain (may have been delivered)", reply)
            }
        };
        eprintln!("{}: {}: {what}: {reply}", message.at, message.key);
    }

    /// Messages that got an answer, whatever it was.
    pub fn attempted(&self) -> usize {
        self.sent + self.failed + self.deferred + self.uncertain
    }

    /// Whether every attempted message was accepted.
    pub fn all_sent(&self) -> bool {
        self.failed == 0 && self.deferred == 0 && self.uncertain == 0
    }

    /// The closing summary, on standard output.
    pub fn print_summary(&self, elapsed: Duration) {
        println!(
            "sent {}, refused {}, deferred {}, uncertain {} in {:.1} s ({} accepted)",
            self.sent,
            self.failed,
            self.deferred,
            self.uncertain,
            elapsed.as_secs_f64(),
            Size(self.bytes)
        );
        if !self.all_sent() {
            println!("`missive report` lists every recipient with the relay's reply");
        }
    }
}
