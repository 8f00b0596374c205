//! What became of a message: the relay's reply, and how a submission's result reads as an
//! outcome (sent, refused, deferred, uncertain).

use std::sync::Arc;

use super::SubmitError;
use crate::compose::Outgoing;

/// The server's reply, as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reply {
    pub code: Option<u16>,
    pub text: String,
}

impl std::fmt::Display for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.code {
            Some(code) => write!(f, "{code} {}", self.text),
            None => f.write_str(&self.text),
        }
    }
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The relay accepted it.
    Sent(Reply),
    /// The relay refused it for good (5xx).
    Failed(Reply),
    /// The relay asked to try later (4xx), or the session broke before the message was handed
    /// over: sending it again cannot duplicate it.
    Deferred(Reply),
    /// The message was handed over but no reply came: it may have been delivered.
    Uncertain(Reply),
}

/// What became of one envelope address, when the addresses of a message did not all end
/// the same way (a `550` to one Cc, a `451` greylisting another).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AddressOutcome {
    /// The address as it went in RCPT TO.
    pub address: String,
    pub outcome: Outcome,
}

/// One message's result.
#[derive(Debug, Clone)]
pub(crate) struct Delivered {
    pub message: Arc<Outgoing>,
    /// The message as a whole: deferred while any address is deferred, else uncertain if
    /// any is, else sent if any address got it, else failed.
    pub outcome: Outcome,
    /// Each envelope address's own outcome when they differ; empty when every address of
    /// `message.envelope` has `outcome`.
    #[allow(dead_code, reason = "the per-address journal reads it next")]
    pub addresses: Vec<AddressOutcome>,
    /// Attempts made, this one included.
    pub attempts: u32,
    /// The relay that gave the outcome, as its URL without credentials; `None` when no relay
    /// was reached for it (the run stopped before its retry).
    pub relay: Option<Arc<str>>,
}

/// What the sessions report to the run as they go.
#[derive(Debug, Clone)]
pub(crate) enum Report {
    Delivered(Delivered),
    Notice(crate::events::Notice),
}

pub(super) fn is_dead_session(
    result: &Result<lettre::transport::smtp::response::Response, SubmitError>,
) -> bool {
    match result {
        Err(SubmitError::BeforeData(error)) => !error.is_transient() && !error.is_permanent(),
        Err(SubmitError::SessionLost(_)) => true,
        _ => false,
    }
}

pub(super) fn classify(
    result: Result<lettre::transport::smtp::response::Response, SubmitError>,
) -> Outcome {
    match result {
        Ok(response) => Outcome::Sent(Reply {
            code: Some(u16::from(response.code())),
            text: response.message().collect::<Vec<_>>().join(" "),
        }),
        Err(
            SubmitError::BeforeData(error)
            | SubmitError::SessionLost(error)
            | SubmitError::Refused(error),
        ) => {
            let reply = Reply {
                code: error.status().map(u16::from),
                text: reply_text(&error),
            };
            if error.is_permanent() {
                Outcome::Failed(reply)
            } else {
                Outcome::Deferred(reply)
            }
        }
        Err(SubmitError::Timeout(step)) => Outcome::Deferred(Reply {
            code: None,
            text: format!("no reply while {step}"),
        }),
        Err(SubmitError::NotAdmitted) => unreachable!("a message not admitted is given back"),
        Err(SubmitError::Unanswered(reason)) => Outcome::Uncertain(Reply {
            code: None,
            text: reason,
        }),
    }
}

/// The server's words without lettre's framing ("permanent error (550): …").
fn reply_text(error: &lettre::transport::smtp::Error) -> String {
    let mut text = error.to_string();
    if let Some(source) = std::error::Error::source(error) {
        text = source.to_string();
    }
    text.trim().to_string()
}
