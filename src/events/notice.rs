//! Things a run tells as it goes that are neither a row's outcome nor the end: a retry, a
//! relay resting, a wait for the sending window, what the journal found, an address only
//! some relays can carry. Each carries its data; [`Notice`]'s `Display` is the English
//! wording, in one place.

use std::fmt;
use std::time::Duration;

use crate::journal::State;
use crate::lint::{Finding, Place};
use crate::recipients::RowRef;

/// See the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Notice {
    /// A session could not be opened; the message is tried again after `wait`.
    Retrying { error: String, wait: Duration },
    /// A relay of a pool left the rotation for `rest` after repeated failures.
    RelayResting {
        relay: String,
        rest: Duration,
        reason: String,
    },
    /// Outside the sending window: nothing goes before `until` (local time).
    WaitingForWindow { until: chrono::NaiveDateTime },
    /// An earlier run died while these were being sent: now uncertain.
    Abandoned { count: usize },
    /// Recipients this run leaves alone, by their state in the journal.
    LeftAlone { state: State, count: usize },
    /// Ctrl-C or SIGTERM (or the reader of the events went away): nothing new starts.
    Stopping { grace: Duration, in_flight: usize },
    /// Messages with no reply when the run gave up waiting: uncertain.
    Unanswered { count: usize },
    /// Recipients left to the other senders of a shared journal.
    LeftToOthers { count: usize },
    /// Messages another sender of a shared journal holds under a lease that runs out
    /// within `lease`: a sender at work, or one that stopped; this run waits for them.
    HeldByAnother { count: usize, lease: Duration },
    /// An address whose local part is beyond ASCII (`élodie@ac-lyon.fr`): only a relay that
    /// offers SMTPUTF8 can carry its message. `header` of template line `line`; `column`
    /// of the list, when one holds it.
    NeedsSmtpUtf8 {
        at: RowRef,
        header: String,
        line: usize,
        column: Option<String>,
        address: String,
    },
    /// `count` addresses have an internationalised domain, which goes out in its ASCII form:
    /// the first of them as `written` in the list, and as `sent`.
    AsciiDomains {
        count: usize,
        written: String,
        sent: String,
    },
    /// What makes `count` messages land in spam or read badly, from `place`; `first` is the
    /// row of the first of them.
    Content {
        finding: Finding,
        place: Place,
        first: RowRef,
        count: usize,
    },
    /// `receipts = ["delivery"]`, but the relay does not offer DSN (RFC 3461): no delivery
    /// receipt will come through it.
    NoDsn { relay: String },
    /// `count` more messages have warnings of `kind`, each different (a link that differs on
    /// every row): not said one by one.
    MoreContent { kind: &'static str, count: usize },
    /// One address of a row's message is on the suppression list: the message goes to its
    /// other addresses only.
    SuppressedAddress {
        at: RowRef,
        address: String,
        why: String,
    },
}

impl Notice {
    /// The word `--events json` gives the notice.
    pub(crate) fn word(&self) -> &'static str {
        match self {
            Self::Retrying { .. } => "retrying",
            Self::RelayResting { .. } => "relay_resting",
            Self::WaitingForWindow { .. } => "waiting_for_window",
            Self::Abandoned { .. } => "abandoned",
            Self::LeftAlone { .. } => "left_alone",
            Self::Stopping { .. } => "stopping",
            Self::Unanswered { .. } => "unanswered",
            Self::LeftToOthers { .. } => "left_to_others",
            Self::HeldByAnother { .. } => "held_by_another",
            Self::NeedsSmtpUtf8 { .. } => "needs_smtputf8",
            Self::AsciiDomains { .. } => "ascii_domains",
            Self::NoDsn { .. } => "no_dsn",
            Self::SuppressedAddress { .. } => "suppressed_address",
            Self::Content { .. } | Self::MoreContent { .. } => "content",
        }
    }

    /// Whether a person should read it as a warning.
    pub(crate) fn is_warning(&self) -> bool {
        matches!(
            self,
            Self::Retrying { .. }
                | Self::RelayResting { .. }
                | Self::Abandoned { .. }
                | Self::Unanswered { .. }
                | Self::NeedsSmtpUtf8 { .. }
                | Self::NoDsn { .. }
                | Self::SuppressedAddress { .. }
                | Self::Content { .. }
                | Self::MoreContent { .. }
        )
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Retrying { error, wait } => {
                write!(f, "{error}; trying again in {} s", wait.as_secs().max(1))
            }
            Self::RelayResting {
                relay,
                rest,
                reason,
            } => write!(
                f,
                "the relay {relay} is out of rotation for {} s after repeated failures (last: {reason}); its messages go to the other relays",
                rest.as_secs()
            ),
            Self::WaitingForWindow { until } => write!(
                f,
                "outside the sending window: waiting until {} before sending",
                until.format("%Y-%m-%d %H:%M")
            ),
            Self::Abandoned { count } => write!(
                f,
                "`{count}` message(s) were being sent when an earlier run stopped (killed or crashed): they may have been delivered, so they are now uncertain and not sent again; see `missive report`, and give `--retry-uncertain` to send them again (same Message-ID)"
            ),
            Self::LeftAlone { state, count } => left_alone(f, *state, *count),
            Self::NoDsn { relay } => write!(
                f,
                "the relay {relay} does not offer delivery notifications (DSN): the messages go all the same, but `receipts = [\"delivery\"]` brings no receipt through it; bounces still come back to your mailbox"
            ),
            Self::Stopping {
                in_flight: 0,
                grace: _,
            } => {
                f.write_str("stopping: no new message is started, and none is being sent right now")
            }
            Self::Stopping { grace, in_flight } => write!(
                f,
                "stopping: no new message is started; waiting up to {} s for the {in_flight} being sent (Ctrl-C again stops at once)",
                grace.as_secs()
            ),
            Self::Unanswered { count } => write!(
                f,
                "`{count}` message(s) got no reply before the run stopped: they are uncertain (see `missive report`)"
            ),
            Self::HeldByAnother { count, lease } => write!(
                f,
                "`{count}` message(s) are held by another sender of the shared journal, or by a run that stopped, whose lease runs out within {}: this run waits for them before it ends; if their sender is gone, they become uncertain then (they may have been delivered)",
                crate::units::Span(*lease + Duration::from_millis(999))
            ),
            Self::LeftToOthers { count } => write!(
                f,
                "`{count}` recipient(s) were left to the other senders of the shared journal (`missive status` shows the whole campaign)"
            ),
            Self::NeedsSmtpUtf8 {
                at,
                header,
                line,
                column,
                address,
            } => write!(
                f,
                "{at}: header `{header}` (template line {line}{}): the address `{address}` has accented or non-Latin letters before the `@`; it can only be delivered if the relay supports internationalised addresses (SMTPUTF8); if it does not, {}",
                column
                    .as_ref()
                    .map(|c| format!(", column `{c}`"))
                    .unwrap_or_default(),
                if header.eq_ignore_ascii_case("from") {
                    "send from an address without them"
                } else {
                    "ask this person for an address without them"
                }
            ),
            Self::SuppressedAddress { at, address, why } => write!(
                f,
                "{at}: `{address}` is left out of this row's message: {why}; the message goes to its other addresses; if that address works again, `missive suppressed --remove {address}` puts it back"
            ),
            Self::AsciiDomains {
                count,
                written,
                sent,
            } => write!(
                f,
                "{count} address(es) have a domain name with accents: they go out in its ASCII form, which every mail server reads (`{written}` as `{sent}`)"
            ),
            Self::Content {
                finding,
                place,
                first,
                count,
            } => content(f, finding, place, first, *count),
            Self::MoreContent { kind, count } => write!(
                f,
                "{count} more message(s) have other `{kind}` warnings, each different, not listed one by one; fix those above and run `missive check` again to see them"
            ),
        }
    }
}

/// A content warning: from the template, its line, then how many messages have it; from
/// the data, its first row.
fn content(
    f: &mut fmt::Formatter<'_>,
    finding: &Finding,
    place: &Place,
    first: &RowRef,
    count: usize,
) -> fmt::Result {
    match place {
        Place::Template { path, line } => write!(
            f,
            "{}:{line}: {finding} ({}, the first {first})",
            path.display(),
            match count {
                1 => "on 1 message".to_string(),
                n => format!("on {n} messages"),
            }
        ),
        Place::Data => write!(
            f,
            "{first}: {finding}{}",
            match count {
                1 => String::new(),
                n => format!(" (on {n} messages, this row the first)"),
            }
        ),
    }
}

/// How many recipients in `state` a run leaves alone, and why.
fn left_alone(f: &mut fmt::Formatter<'_>, state: State, count: usize) -> fmt::Result {
    match state {
        State::Sent => write!(f, "`{count}` already sent: left alone"),
        State::Failed => write!(
            f,
            "`{count}` refused by the relay in an earlier run: left alone (`--retry-failed` sends them again)"
        ),
        State::Uncertain => write!(
            f,
            "`{count}` may have been delivered by an earlier run: left alone (`--retry-uncertain` sends them again)"
        ),
        State::Sending => write!(
            f,
            "`{count}` being sent by another sender of the shared journal: left to it"
        ),
        State::Drafted => write!(
            f,
            "`{count}` in your Drafts folder (`missive drafts`): left for you to send from your mail client"
        ),
        other => write!(f, "`{count}` {other}: left alone"),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;

    fn needs_smtputf8(header: &str, column: Option<&str>) -> String {
        Notice::NeedsSmtpUtf8 {
            at: RowRef {
                file: Arc::from(Path::new("liste.csv")),
                line: 3,
            },
            header: header.into(),
            line: 2,
            column: column.map(Into::into),
            address: "andré@ac-lyon.fr".into(),
        }
        .to_string()
    }

    #[test]
    fn an_address_for_smtputf8_says_where_it_is_and_who_can_change_it() {
        let to = needs_smtputf8("To", Some("email"));
        assert!(
            to.starts_with("liste.csv:3: header `To` (template line 2, column `email`): the address `andré@ac-lyon.fr` has"),
            "{to}"
        );
        assert!(
            to.ends_with("ask this person for an address without them"),
            "{to}"
        );
        let from = needs_smtputf8("From", None);
        assert!(
            from.starts_with("liste.csv:3: header `From` (template line 2): "),
            "{from}"
        );
        assert!(
            from.ends_with("send from an address without them"),
            "{from}"
        );
    }
}
