//! What the relay answered for one message, command by command (RFC 5321 §4.2, §4.5.3.2):
//! which addresses RCPT refused, where a failure stopped the transaction, and whether the
//! end of the message was sent at all. [`super::outcome`] reads it as each address's
//! outcome and as a sign about the relay.

use lettre::Address;
use lettre::transport::smtp::response::Response;

use super::Reply;

/// The command a reply answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Mail,
    Rcpt,
    Data,
    /// The end of the message (the final dot).
    Dot,
}

impl Step {
    /// What the session was doing, for a message: "sending RCPT TO".
    pub(crate) fn doing(self) -> &'static str {
        match self {
            Step::Mail => "sending MAIL FROM",
            Step::Rcpt => "sending RCPT TO",
            Step::Data => "sending DATA",
            Step::Dot => "sending the message",
        }
    }
}

/// An address RCPT TO refused, with the relay's reply.
pub(crate) type Refusal = (Address, Reply);

/// The relay took the message for the addresses RCPT accepted.
#[derive(Debug)]
pub(crate) struct Accepted {
    /// The reply to the final dot.
    pub reply: Reply,
    /// The addresses RCPT refused: they did not get it.
    pub refused: Vec<Refusal>,
}

/// Where a submission stopped short of "accepted".
#[derive(Debug)]
pub(crate) enum SubmitError {
    /// Every RCPT was refused: nothing was handed over.
    NoRecipient(Vec<Refusal>),
    /// MAIL, DATA or the end of the message got a refusal (4xx or 5xx) for the message as
    /// a whole; `refused`: addresses RCPT had refused before.
    Refused {
        step: Step,
        reply: Reply,
        refused: Vec<Refusal>,
    },
    /// MAIL got `503 Bad sequence of commands`: the server no longer knows this session (it
    /// forgot the login); nothing was handed over, and the session is closed.
    SessionLost(Reply),
    /// The session broke, timed out or was garbled before the end of the message was sent:
    /// the relay cannot have accepted it, and a retry cannot duplicate it.
    Broken { step: Step, reason: String },
    /// The end of the message was sent but no reply came, or not one that reads as SMTP: it
    /// may have been delivered.
    Unanswered(String),
    /// The journal did not let the message go (the run was interrupted, or the journal
    /// cannot be written): nothing of it was handed over.
    NotAdmitted,
}

impl Reply {
    /// The reply of a positive response.
    pub(crate) fn of(response: &Response) -> Self {
        Self {
            code: Some(u16::from(response.code())),
            text: response.message().collect::<Vec<_>>().join(" "),
        }
    }

    /// The reply carried by a refusal, without lettre's framing ("permanent error (550):
    /// …"); `None` when the error is not a reply (the connection broke, a garbled line).
    pub(crate) fn of_refusal(error: &lettre::transport::smtp::Error) -> Option<Self> {
        if !(error.is_transient() || error.is_permanent()) {
            return None;
        }
        let mut text = error.to_string();
        if let Some(source) = std::error::Error::source(error) {
            text = source.to_string();
        }
        Some(Self {
            code: error.status().map(u16::from),
            text: text.trim().to_string(),
        })
    }

    /// Whether the relay said it is closing the session (421).
    pub(crate) fn is_closing(&self) -> bool {
        self.code == Some(421)
    }

    pub(crate) fn is_permanent(&self) -> bool {
        self.code.is_some_and(|code| (500..600).contains(&code))
    }
}
