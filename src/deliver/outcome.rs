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
    /// The code and the text; missive's own words (no code) in the run's language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.code {
            Some(code) => write!(f, "{code} {}", self.text),
            None => f.write_str(&own_words(&self.text).unwrap_or_else(|| self.text.clone())),
        }
    }
}

/// What missive writes in place of a reply when it did not try a message, in the journal's
/// English ([`own_words`] says it in the run's language).
pub(crate) const NEEDS_SMTPUTF8: &str = "this address has letters with accents before the @, and the relay does not accept such addresses (it does not offer SMTPUTF8): ask this person for another address";
pub(crate) const NO_ADDRESS: &str = "no address to send to";
pub(crate) const NOT_RETRIED: &str = "not retried: the run stopped";
const TOO_BIG: (&str, &str, &str) = (
    "the message is ",
    " and the relay accepts at most ",
    ": make the attachment smaller, or share it as a link",
);

/// The journal's text of a message larger than the relay takes.
pub(crate) fn too_big(size: &str, limit: &str) -> String {
    format!("{}{size}{}{limit}{}", TOO_BIG.0, TOO_BIG.1, TOO_BIG.2)
}

/// Missive's own words in a reply (the journal keeps them in English) said in French when
/// this run speaks French; `None` for a relay's words, or in English.
fn own_words(text: &str) -> Option<String> {
    if crate::i18n::lang() == crate::i18n::Lang::En {
        return None;
    }
    match text {
        NEEDS_SMTPUTF8 => return Some(t!("delivery-reply-needs-smtputf8")),
        NO_ADDRESS => return Some(t!("delivery-reply-no-address")),
        NOT_RETRIED => return Some(t!("delivery-reply-not-retried")),
        "the session was lost" => return Some(t!("delivery-reply-session-lost")),
        "the message was sent, but the relay closed the connection without answering" => {
            return Some(t!("delivery-reply-closed-after"));
        }
        _ => {}
    }
    let within = |rest: &str| {
        let (what, tail) = rest.split_once(' ')?;
        Some((what.to_owned(), tail.to_owned()))
    };
    if let Some(rest) = text.strip_prefix("no reply within ")
        && let Some((seconds, tail)) = within(rest)
    {
        if tail == "s after the message was sent" {
            return Some(t!("delivery-reply-silent-after", seconds = seconds));
        }
        if let Some(doing) = tail.strip_prefix("s while ").and_then(doing_said) {
            return Some(t!(
                "delivery-reply-silent-while",
                seconds = seconds,
                step = doing
            ));
        }
    }
    let inside = |prefix: &str| text.strip_prefix(prefix)?.strip_suffix(')');
    if let Some(error) = inside("the connection broke while the message was being sent (") {
        return Some(t!("delivery-reply-broke-during", error = error));
    }
    if let Some(said) =
        inside("the message was sent, but the relay's answer does not read as SMTP (")
    {
        return Some(t!("delivery-reply-garbled-after", said = said));
    }
    if let Some(error) =
        inside("the message was sent, but the connection broke before the relay answered (")
    {
        return Some(t!("delivery-reply-broke-after", error = error));
    }
    if let Some(reply) = inside("the relay forgot the session (") {
        return Some(t!("delivery-reply-forgot-session", reply = reply));
    }
    if let Some((doing, error)) = text
        .strip_prefix("the relay broke the session while ")
        .and_then(|rest| rest.split_once(": "))
        && let Some(doing) = doing_said(doing)
    {
        return Some(t!(
            "delivery-reply-broke-while",
            step = doing,
            error = error
        ));
    }
    let (size, limit) = text
        .strip_prefix(TOO_BIG.0)?
        .strip_suffix(TOO_BIG.2)?
        .split_once(TOO_BIG.1)?;
    Some(t!("delivery-reply-too-big", size = size, limit = limit))
}

/// What a session was doing ([`super::Step::doing`]) in the run's language.
fn doing_said(english: &str) -> Option<String> {
    Some(match english {
        "sending MAIL FROM" => t!("delivery-step-mail"),
        "sending RCPT TO" => t!("delivery-step-rcpt"),
        "sending DATA" => t!("delivery-step-data"),
        "sending the message" => t!("delivery-step-dot"),
        _ => return None,
    })
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

/// What an attempt tells of the relay, apart from the recipients (RFC 5321 §4.2, §4.5.4;
/// the table is in DESIGN.md): a refusal to one RCPT is that address's business, a refusal
/// of the whole transaction the relay's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Signal {
    /// The relay took the message, for one address at least.
    Took,
    /// RCPT refused every address, each for its own reason (a greylist's 451, an unknown
    /// user's 550): nothing to say of the relay.
    Recipients,
    /// The relay is busy, closing or broke the session: 4xx to MAIL, DATA or the end of the
    /// message, 421 anywhere, 452 (too many recipients), a session that broke before the
    /// end of the message. It slows the relay down and counts toward stopping the run.
    Busy(Reply),
    /// 5xx to MAIL, DATA or the end of the message: this message refused for good.
    Refused(Reply),
    /// No reply, or a garbled one, after the end of the message.
    Uncertain(Reply),
}

/// One attempt, read: each address's outcome and what it says of the relay.
#[derive(Debug, Clone)]
pub(crate) struct Attempt {
    /// Every address of the envelope tried, in order, with its outcome.
    pub addresses: Vec<AddressOutcome>,
    pub signal: Signal,
}

impl Attempt {
    /// Reads a submission's result for `envelope`.
    pub(crate) fn read(
        envelope: &lettre::address::Envelope,
        result: Result<super::Accepted, SubmitError>,
    ) -> Self {
        let every = |outcome: &Outcome| {
            envelope
                .to()
                .iter()
                .map(|address| AddressOutcome {
                    address: address.to_string(),
                    outcome: outcome.clone(),
                })
                .collect::<Vec<_>>()
        };
        // The addresses RCPT refused keep their own reply; the others get `rest`.
        let split = |refused: &[super::answer::Refusal], rest: &Outcome| {
            envelope
                .to()
                .iter()
                .map(|address| AddressOutcome {
                    address: address.to_string(),
                    outcome: refused
                        .iter()
                        .find(|(refused, _)| refused == address)
                        .map_or_else(|| rest.clone(), |(_, reply)| refusal(reply)),
                })
                .collect::<Vec<_>>()
        };
        match result {
            Ok(accepted) => {
                let sent = Outcome::Sent(accepted.reply);
                Self {
                    addresses: split(&accepted.refused, &sent),
                    signal: Signal::Took,
                }
            }
            Err(SubmitError::NoRecipient(refused)) => {
                let unset = Outcome::Deferred(Reply {
                    code: None,
                    text: "not tried".into(),
                });
                Self {
                    addresses: split(&refused, &unset),
                    signal: nobody_signal(&refused),
                }
            }
            Err(SubmitError::Refused {
                step: _,
                reply,
                refused,
            }) => {
                let outcome = refusal(&reply);
                let signal = if reply.is_permanent() {
                    Signal::Refused(reply)
                } else {
                    Signal::Busy(reply)
                };
                Self {
                    addresses: split(&refused, &outcome),
                    signal,
                }
            }
            Err(SubmitError::SessionLost(reply)) => {
                let reply = Reply {
                    code: reply.code,
                    text: format!("the relay forgot the session ({})", reply.text),
                };
                Self {
                    addresses: every(&Outcome::Deferred(reply.clone())),
                    signal: Signal::Busy(reply),
                }
            }
            Err(SubmitError::Broken { step: _, reason }) => {
                let reply = Reply {
                    code: None,
                    text: reason,
                };
                Self {
                    addresses: every(&Outcome::Deferred(reply.clone())),
                    signal: Signal::Busy(reply),
                }
            }
            Err(SubmitError::Unanswered(reason)) => {
                let reply = Reply {
                    code: None,
                    text: reason,
                };
                Self {
                    addresses: every(&Outcome::Uncertain(reply.clone())),
                    signal: Signal::Uncertain(reply),
                }
            }
            Err(SubmitError::NotAdmitted) => unreachable!("a message not admitted is given back"),
        }
    }
}

/// What RCPT refusing every address says of the relay. 452: too many recipients for this
/// transaction, the relay's limit. Every address refused for good (550 relaying denied):
/// the relay may be refusing this sender, which counts toward stopping the run. Anything
/// else (a greylist's 451, a mailbox over quota) is the recipients' business.
fn nobody_signal(refused: &[super::answer::Refusal]) -> Signal {
    let replies = || refused.iter().map(|(_, reply)| reply);
    if let Some(too_many) = replies().find(|reply| reply.code == Some(452)) {
        return Signal::Busy(too_many.clone());
    }
    match replies().next() {
        Some(first) if replies().all(Reply::is_permanent) => Signal::Refused(first.clone()),
        _ => Signal::Recipients,
    }
}

/// A refusal's outcome: 5xx for good, anything else for later.
pub(crate) fn refusal(reply: &Reply) -> Outcome {
    if reply.is_permanent() {
        Outcome::Failed(reply.clone())
    } else {
        Outcome::Deferred(reply.clone())
    }
}

impl Outcome {
    /// The outcome of a message from its addresses': deferred while any is, else uncertain
    /// if any is, else sent if any address got it, else failed.
    pub(crate) fn of_message(addresses: &[AddressOutcome]) -> Option<Outcome> {
        let first = |wanted: fn(&Outcome) -> bool| {
            addresses
                .iter()
                .map(|a| &a.outcome)
                .find(|outcome| wanted(outcome))
                .cloned()
        };
        first(|o| matches!(o, Outcome::Deferred(_)))
            .or_else(|| first(|o| matches!(o, Outcome::Uncertain(_))))
            .or_else(|| first(|o| matches!(o, Outcome::Sent(_))))
            .or_else(|| first(|o| matches!(o, Outcome::Failed(_))))
    }
}

/// Whether a reused session was found dead before anything was handed over (the server
/// had closed it, or forgot its login): a fresh session may carry the message at once.
pub(super) fn is_dead_session(result: &Result<super::Accepted, SubmitError>) -> bool {
    matches!(
        result,
        Err(SubmitError::SessionLost(_)
            | SubmitError::Broken {
                step: super::Step::Mail | super::Step::Rcpt | super::Step::Data,
                ..
            })
    )
}

#[cfg(test)]
mod own_words_tests {
    use super::*;
    use crate::i18n::{Lang, in_lang};

    /// The journal keeps missive's words in English, the English message file says the same,
    /// and a French run says them in French; a relay's reply is never touched.
    #[test]
    fn missive_s_own_words_in_a_reply_are_said_in_french_and_kept_in_english() {
        let own = |text: &str| Reply {
            code: None,
            text: text.to_owned(),
        };
        for (text, key) in [
            (NEEDS_SMTPUTF8, "delivery-reply-needs-smtputf8"),
            (NO_ADDRESS, "delivery-reply-no-address"),
            (NOT_RETRIED, "delivery-reply-not-retried"),
        ] {
            assert_eq!(own(text).to_string(), text);
            assert_eq!(crate::i18n::tr_in(Lang::En, key, &[]), text);
        }
        let big = own(&too_big("12.0 MB", "10.0 MB"));
        assert_eq!(
            big.to_string(),
            "the message is 12.0 MB and the relay accepts at most 10.0 MB: make the attachment smaller, or share it as a link"
        );
        assert_eq!(
            in_lang(Lang::Fr, || big.to_string()),
            "le message fait 12.0 MB et le relais accepte au plus 10.0 MB\u{a0}: réduisez la pièce jointe, ou partagez-la par un lien"
        );
        assert_eq!(
            in_lang(Lang::Fr, || own(NOT_RETRIED).to_string()),
            "pas de nouvel essai\u{a0}: l'envoi s'est arrêté"
        );
        // What the sessions write (smtp_session.rs) is what the English file says.
        for (key, english) in [
            ("delivery-reply-session-lost", "the session was lost"),
            (
                "delivery-reply-closed-after",
                "the message was sent, but the relay closed the connection without answering",
            ),
            ("delivery-step-rcpt", super::super::Step::Rcpt.doing()),
            ("delivery-step-dot", super::super::Step::Dot.doing()),
        ] {
            assert_eq!(crate::i18n::tr_in(Lang::En, key, &[]), english);
        }
        for (english, french) in [
            (
                "no reply within 180 s after the message was sent",
                "pas de réponse en 180 s après l'envoi du message",
            ),
            (
                "the relay broke the session while sending RCPT TO: connection reset",
                "le relais a rompu la session pendant l'envoi de RCPT TO\u{a0}: «\u{a0}connection reset\u{a0}»",
            ),
            (
                "the relay forgot the session (503 5.5.1 Bad sequence)",
                "le relais a oublié la session («\u{a0}503 5.5.1 Bad sequence\u{a0}»)",
            ),
        ] {
            assert_eq!(own(english).to_string(), english);
            assert_eq!(in_lang(Lang::Fr, || own(english).to_string()), french);
        }
        let relay = Reply {
            code: Some(550),
            text: "5.1.1 no address to send to".into(),
        };
        assert_eq!(
            in_lang(Lang::Fr, || relay.to_string()),
            "550 5.1.1 no address to send to"
        );
    }
}
