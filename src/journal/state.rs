//! Where one recipient stands in the journal, and how a delivery outcome moves it.
//!
//! ```text
//! pending ──► sending ──► sent | failed | deferred | uncertain
//!    │           └──(the process died)──► uncertain, at the next run
//!    └──(`missive drafts`)──► drafted: in the Drafts folder, for its sender to send
//! ```

use std::fmt;

use crate::deliver::{Outcome, Reply};

/// The state of one recipient key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum State {
    /// Not handed to the relay yet (or handed back untouched after an interruption).
    Pending,
    /// Durably marked before its DATA: the relay may be receiving it right now.
    Sending,
    /// The relay accepted it.
    Sent,
    /// The relay refused it for good (5xx).
    Failed,
    /// The relay asked to try later (4xx), or the session broke before the message was handed
    /// over: the next run sends it again.
    Deferred,
    /// It may have been delivered: handed over without a reply, or `sending` when its run died.
    Uncertain,
    /// Put in the mailbox's Drafts folder by `missive drafts`, for its sender to send from
    /// their own mail client: `send` leaves it alone.
    Drafted,
}

impl State {
    /// Every state, in the order `status` lists them.
    pub(crate) const ALL: [State; 7] = [
        State::Sent,
        State::Drafted,
        State::Failed,
        State::Deferred,
        State::Uncertain,
        State::Sending,
        State::Pending,
    ];

    /// The word stored in the journal and printed in reports.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Sending => "sending",
            State::Sent => "sent",
            State::Failed => "failed",
            State::Deferred => "deferred",
            State::Uncertain => "uncertain",
            State::Drafted => "drafted",
        }
    }

    /// Reads a stored word back; `None` for a word this version does not know.
    pub(crate) fn parse(word: &str) -> Option<State> {
        State::ALL.into_iter().find(|state| state.as_str() == word)
    }

    /// The state an outcome leaves a message in, with the reply to keep.
    pub(crate) fn after(outcome: &Outcome) -> (State, &Reply) {
        match outcome {
            Outcome::Sent(reply) => (State::Sent, reply),
            Outcome::Failed(reply) => (State::Failed, reply),
            Outcome::Deferred(reply) => (State::Deferred, reply),
            Outcome::Uncertain(reply) => (State::Uncertain, reply),
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which recipients a `send` run hands to the relay, from what the journal knows of them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Resend {
    /// `--retry-failed`: send again what the relay refused for good.
    pub failed: bool,
    /// `--retry-uncertain`: send again what may have been delivered (same Message-ID).
    pub uncertain: bool,
}

impl Resend {
    /// Whether a recipient in `state` (`None`: new to the journal) is sent by this run.
    pub(crate) fn wants(self, state: Option<State>) -> bool {
        match state {
            None | Some(State::Pending | State::Deferred) => true,
            Some(State::Failed) => self.failed,
            Some(State::Uncertain) => self.uncertain,
            // `sending` rows are turned `uncertain` before anything is chosen; a drafted
            // message is its sender's to send.
            Some(State::Sent | State::Sending | State::Drafted) => false,
        }
    }
}
