//! Things a run tells as it goes that are neither a row's outcome nor the end: a retry, a
//! relay resting, a wait for the sending window, what the journal found, an address only
//! some relays can carry. Each carries its data; [`Notice`]'s `Display` says it in the run's
//! language (`locales/<lang>/notice.ftl`), in one place.

use std::fmt;
use std::time::Duration;

use crate::journal::State;
use crate::lint::{Finding, Place};
use crate::recipients::RowRef;

/// See the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Notice {
    /// A session could not be opened; the message is tried again after `wait`.
    Retrying {
        error: crate::i18n::Said,
        wait: Duration,
    },
    /// A relay of a pool left the rotation for `rest` after repeated failures.
    RelayResting {
        relay: String,
        rest: Duration,
        reason: crate::i18n::Said,
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
        why: crate::i18n::Said,
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
        let said = match self {
            Self::Retrying { error, wait } => t!(
                "notice-retrying",
                error = error.to_string(),
                seconds = wait.as_secs().max(1)
            ),
            Self::RelayResting {
                relay,
                rest,
                reason,
            } => t!(
                "notice-relay-resting",
                relay = relay.as_str(),
                seconds = rest.as_secs(),
                reason = reason.to_string()
            ),
            Self::WaitingForWindow { until } => t!(
                "notice-waiting-for-window",
                until = match crate::i18n::lang() {
                    crate::i18n::Lang::En => until.format("%Y-%m-%d %H:%M").to_string(),
                    crate::i18n::Lang::Fr => crate::i18n::date_time(*until, crate::i18n::Lang::Fr),
                }
            ),
            Self::Abandoned { count } => t!("notice-abandoned", count = *count),
            Self::LeftAlone { state, count } => left_alone(*state, *count),
            Self::NoDsn { relay } => t!("notice-no-dsn", relay = relay.as_str()),
            Self::Stopping {
                in_flight: 0,
                grace: _,
            } => t!("notice-stopping-idle"),
            Self::Stopping { grace, in_flight } => t!(
                "notice-stopping",
                seconds = grace.as_secs(),
                count = *in_flight
            ),
            Self::Unanswered { count } => t!("notice-unanswered", count = *count),
            Self::HeldByAnother { count, lease } => t!(
                "notice-held-by-another",
                count = *count,
                lease = crate::units::Span(*lease + Duration::from_millis(999)).to_string()
            ),
            Self::LeftToOthers { count } => t!("notice-left-to-others", count = *count),
            Self::NeedsSmtpUtf8 {
                at,
                header,
                line,
                column,
                address,
            } => needs_smtputf8(at, header, *line, column.as_deref(), address),
            Self::SuppressedAddress { at, address, why } => t!(
                "notice-suppressed-address",
                at = at.to_string(),
                address = address.as_str(),
                why = why.to_string()
            ),
            Self::AsciiDomains {
                count,
                written,
                sent,
            } => t!(
                "notice-ascii-domains",
                count = *count,
                written = written.as_str(),
                sent = sent.as_str()
            ),
            Self::Content {
                finding,
                place,
                first,
                count,
            } => content(finding, place, first, *count),
            Self::MoreContent { kind, count } => {
                t!("notice-more-content", count = *count, kind = *kind)
            }
        };
        f.write_str(&said)
    }
}

/// An address beyond ASCII before the `@`, and who can change it.
fn needs_smtputf8(
    at: &RowRef,
    header: &str,
    line: usize,
    column: Option<&str>,
    address: &str,
) -> String {
    let who = if header.eq_ignore_ascii_case("from") {
        t!("notice-smtputf8-from")
    } else {
        t!("notice-smtputf8-other")
    };
    let at = at.to_string();
    match column {
        Some(column) => t!(
            "notice-needs-smtputf8-column",
            at = at,
            header = header,
            line = line,
            column = column,
            address = address,
            who = who
        ),
        None => t!(
            "notice-needs-smtputf8",
            at = at,
            header = header,
            line = line,
            address = address,
            who = who
        ),
    }
}

/// A content warning: from the template, its line, then how many messages have it; from
/// the data, its first row.
fn content(finding: &Finding, place: &Place, first: &RowRef, count: usize) -> String {
    match place {
        Place::Template { path, line } => t!(
            "notice-content-template",
            at = format!("{}:{line}", path.display()),
            finding = finding.to_string(),
            count = count,
            first = first.to_string()
        ),
        Place::Data => t!(
            "notice-content-data",
            first = first.to_string(),
            finding = finding.to_string(),
            count = count
        ),
    }
}

/// How many recipients in `state` a run leaves alone, and why.
fn left_alone(state: State, count: usize) -> String {
    match state {
        State::Sent => t!("notice-left-sent", count = count),
        State::Failed => t!("notice-left-failed", count = count),
        State::Uncertain => t!("notice-left-uncertain", count = count),
        State::Sending => t!("notice-left-sending", count = count),
        State::Drafted => t!("notice-left-drafted", count = count),
        other => t!(
            "notice-left-other",
            count = count,
            state = other.to_string()
        ),
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

    /// A notice of each kind, some with one and some with many.
    fn samples() -> Vec<Notice> {
        let at = RowRef {
            file: Arc::from(Path::new("liste.csv")),
            line: 3,
        };
        let until = chrono::NaiveDate::from_ymd_opt(2021, 4, 26)
            .and_then(|d| d.and_hms_opt(18, 0, 0))
            .expect("a date");
        vec![
            Notice::WaitingForWindow { until },
            Notice::Abandoned { count: 1 },
            Notice::Abandoned { count: 3 },
            Notice::LeftAlone {
                state: State::Sent,
                count: 1234,
            },
            Notice::LeftAlone {
                state: State::Failed,
                count: 1,
            },
            Notice::LeftAlone {
                state: State::Uncertain,
                count: 2,
            },
            Notice::LeftAlone {
                state: State::Sending,
                count: 2,
            },
            Notice::LeftAlone {
                state: State::Drafted,
                count: 2,
            },
            Notice::Stopping {
                grace: Duration::from_secs(30),
                in_flight: 0,
            },
            Notice::Stopping {
                grace: Duration::from_secs(30),
                in_flight: 1,
            },
            Notice::Unanswered { count: 2 },
            Notice::LeftToOthers { count: 1 },
            Notice::HeldByAnother {
                count: 2,
                lease: Duration::from_secs(2),
            },
            Notice::NoDsn {
                relay: "smtp.ac-lille.fr".into(),
            },
            Notice::AsciiDomains {
                count: 1,
                written: "d@école.fr".into(),
                sent: "d@xn--cole-9oa.fr".into(),
            },
            Notice::MoreContent {
                kind: "link_shows_other_domain",
                count: 4,
            },
            Notice::Content {
                finding: Finding::NoTextPart,
                place: Place::Data,
                first: at,
                count: 5,
            },
        ]
    }

    #[test]
    fn every_notice_is_said_in_french_with_real_plurals() {
        use crate::i18n::{Lang, audit, in_lang};
        let notices = samples();
        for notice in &notices {
            let said = in_lang(Lang::Fr, || notice.to_string());
            assert_eq!(audit::english_left(&said), Vec::<String>::new(), "{said}");
        }
        let french = |i: usize| in_lang(Lang::Fr, || notices[i].to_string());
        assert_eq!(
            french(0),
            "hors de la plage d'envoi\u{a0}: attente jusqu'au 26\u{a0}avril\u{a0}2021 à 18\u{a0}h\u{a0}00 avant d'envoyer"
        );
        assert_eq!(
            notices[0].to_string(),
            "outside the sending window: waiting until 2021-04-26 18:00 before sending"
        );
        assert_eq!(
            french(3),
            "`1\u{202f}234` déjà envoyés\u{a0}: laissés de côté"
        );
        assert!(
            french(4).starts_with("`1` refusé par le relais"),
            "{}",
            french(4)
        );
        assert!(
            french(9).contains("pour le message en cours d'envoi"),
            "{}",
            french(9)
        );
        assert!(
            notices[1]
                .to_string()
                .starts_with("`1` message was being sent")
        );
        assert!(
            notices[2]
                .to_string()
                .starts_with("`3` messages were being sent")
        );
        assert!(
            notices[14]
                .to_string()
                .starts_with("1 address has a domain name with accents: it goes out")
        );
        assert_eq!(
            french(14),
            "1 adresse a un nom de domaine accentué\u{a0}: elle part sous sa forme ASCII, que tout serveur de messagerie lit («\u{a0}d@école.fr\u{a0}» devient «\u{a0}d@xn--cole-9oa.fr\u{a0}»)"
        );
    }
}
