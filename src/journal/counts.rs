//! What `status` (and the end of `send`) tell of a journal: how many messages are in each
//! state, the rows of the list that made none, and what to do next, in plain words.

use std::collections::BTreeMap;

use super::State;

/// How many of a few things `status` names one by one, before it says how many more.
pub(crate) const NAMED: usize = 5;

/// How many recipients are in each state, and the rows of the list that are not messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Recipients (one message each) of the list as the last `send` read it.
    pub listed: BTreeMap<State, usize>,
    /// Rows the list no longer has, kept because something was tried for them.
    pub unlisted: BTreeMap<State, usize>,
    /// Rows the last `send` left out because they could not make a message
    /// (`--skip-invalid`): never sent.
    pub skipped: usize,
    /// The first of those rows ([`NAMED`] at most), in the list's order.
    pub skipped_rows: Vec<LeftOut>,
    /// Rows the last `send` left out because they repeat an earlier row's recipients, who
    /// got one message.
    pub duplicates: usize,
    /// Rows the last `send` left out because their addresses are on the suppression list
    /// (they bounced for good).
    pub suppressed: usize,
    /// The last reply a deferred recipient got (greylisting's, say), as `CODE text`.
    pub deferred_reply: Option<String>,
    /// Addresses refused for good in listed messages that reached, or may still reach,
    /// their other addresses (a Cc refused while the To got it).
    pub refused: usize,
    /// The first of those ([`NAMED`] at most), in the list's order.
    pub refused_addresses: Vec<RefusedAddress>,
}

/// An address refused for good in a message its other addresses got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RefusedAddress {
    /// `FILE:LINE` of its row.
    pub row: String,
    pub address: String,
    pub code: Option<u16>,
    pub reply: String,
}

impl std::fmt::Display for RefusedAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&t!(
            "journal-refused-address",
            address = self.address.as_str(),
            row = self.row.as_str(),
            reply = reply(self.code, &self.reply)
        ))
    }
}

/// A reply as the relay gave it: `550 5.1.1 unknown`.
pub(crate) fn reply(code: Option<u16>, text: &str) -> String {
    match code {
        Some(code) => format!("{code} {text}"),
        None => text.to_string(),
    }
}

/// A row of the list that made no message, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LeftOut {
    /// `FILE:LINE`.
    pub row: String,
    /// The problem as the run told it (it starts with the row).
    pub reason: String,
}

impl std::fmt::Display for LeftOut {
    /// The reason, which names the row; the row first when it does not.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.reason.starts_with(&self.row) {
            f.write_str(&self.reason)
        } else {
            write!(f, "{}: {}", self.row, self.reason)
        }
    }
}

impl Counts {
    /// Listed recipients in `state`.
    pub(crate) fn listed(&self, state: State) -> usize {
        self.listed.get(&state).copied().unwrap_or(0)
    }

    /// All listed recipients.
    pub(crate) fn listed_total(&self) -> usize {
        self.listed.values().sum()
    }

    /// The rows of the list as the last `send` read them: its recipients, and the rows that
    /// made no message.
    pub(crate) fn rows(&self) -> usize {
        self.listed_total() + self.skipped + self.duplicates + self.suppressed
    }

    /// Counts `count` rows left out: duplicates, suppressed, or broken.
    pub(crate) fn left_out(&mut self, duplicate: bool, suppressed: bool, count: i64) {
        let count = usize::try_from(count).unwrap_or(0);
        if duplicate {
            self.duplicates += count;
        } else if suppressed {
            self.suppressed += count;
        } else {
            self.skipped += count;
        }
    }

    /// Whether every listed recipient got the message, at every address (rows left out
    /// aside: the run that left them out was asked to).
    pub(crate) fn all_sent(&self) -> bool {
        self.listed_total() == self.listed(State::Sent) + self.listed(State::Drafted)
            && self.refused == 0
    }

    /// Adds another journal's counts to these.
    pub(crate) fn add(&mut self, other: &Counts) {
        for (state, count) in &other.listed {
            *self.listed.entry(*state).or_default() += count;
        }
        for (state, count) in &other.unlisted {
            *self.unlisted.entry(*state).or_default() += count;
        }
        self.skipped += other.skipped;
        self.duplicates += other.duplicates;
        self.suppressed += other.suppressed;
        let room = NAMED.saturating_sub(self.skipped_rows.len());
        self.skipped_rows
            .extend(other.skipped_rows.iter().take(room).cloned());
        self.refused += other.refused;
        let room = NAMED.saturating_sub(self.refused_addresses.len());
        self.refused_addresses
            .extend(other.refused_addresses.iter().take(room).cloned());
        if self.deferred_reply.is_none() {
            self.deferred_reply.clone_from(&other.deferred_reply);
        }
    }

    /// What to do next, in plain words, one line per kind of recipient (or row) left.
    pub(crate) fn next_steps(&self) -> Vec<String> {
        let mut steps = Vec::new();
        let mut say = |count: usize, line: &dyn Fn(usize) -> String| {
            if count > 0 {
                steps.push(line(count));
            }
        };
        say(self.listed(State::Pending), &|count| {
            t!("journal-next-pending", count = count)
        });
        say(self.listed(State::Deferred), &|count| {
            let last = self
                .deferred_reply
                .as_ref()
                .map(|reply| t!("journal-next-last-reply", reply = reply.as_str()))
                .unwrap_or_default();
            t!("journal-next-deferred", count = count, last = last)
        });
        say(self.listed(State::Sending), &|count| {
            t!("journal-next-sending", count = count)
        });
        say(self.listed(State::Uncertain), &|count| {
            t!("journal-next-uncertain", count = count)
        });
        say(self.listed(State::Failed), &|count| {
            t!("journal-next-failed", count = count)
        });
        say(self.refused, &|count| {
            let addresses = self
                .refused_addresses
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let more = match count.saturating_sub(self.refused_addresses.len()) {
                0 => String::new(),
                more => t!("journal-next-more", more = more),
            };
            t!(
                "journal-next-refused",
                count = count,
                addresses = addresses,
                more = more
            )
        });
        say(self.listed(State::Drafted), &|count| {
            t!("journal-next-drafted", count = count)
        });
        say(self.suppressed, &|count| {
            t!("journal-next-suppressed", count = count)
        });
        say(self.skipped, &|count| {
            t!("journal-next-skipped", count = count)
        });
        if steps.is_empty() {
            steps.push(if self.listed_total() == 0 {
                t!("journal-next-nothing-yet")
            } else {
                t!("journal-next-done")
            });
        }
        steps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_state_by_state() {
        let mut total = Counts::default();
        let mut one = Counts::default();
        one.listed.insert(State::Sent, 3);
        one.skipped = 1;
        let mut two = Counts::default();
        two.listed.insert(State::Sent, 4);
        two.listed.insert(State::Failed, 1);
        two.unlisted.insert(State::Sent, 2);
        two.duplicates = 2;
        total.add(&one);
        total.add(&two);
        assert_eq!(total.listed(State::Sent), 7);
        assert_eq!(total.listed(State::Failed), 1);
        assert_eq!(total.unlisted.get(&State::Sent), Some(&2));
        assert_eq!((total.skipped, total.duplicates), (1, 2));
        assert_eq!(total.rows(), 11);
    }

    #[test]
    fn a_row_left_out_is_never_all_done() {
        let mut counts = Counts::default();
        counts.listed.insert(State::Sent, 10);
        assert_eq!(
            counts.next_steps(),
            ["every recipient got the message: nothing left to do"]
        );
        counts.duplicates = 1;
        assert_eq!(counts.next_steps().len(), 1, "a duplicate got its message");
        assert!(counts.next_steps()[0].contains("nothing left to do"));
        counts.skipped = 2;
        let steps = counts.next_steps();
        assert_eq!(steps.len(), 1, "{steps:?}");
        assert!(
            steps[0].starts_with("`2` rows of the list were left out and never sent"),
            "{steps:?}"
        );
        assert!(counts.all_sent(), "the run that left them out was asked to");
    }

    #[test]
    fn deferred_ones_and_refused_addresses_are_told_with_the_relay_s_words() {
        let mut counts = Counts::default();
        counts.listed.insert(State::Sent, 8);
        counts.listed.insert(State::Deferred, 2);
        counts.deferred_reply = Some("451 4.7.1 greylisted, try again in 5 minutes".into());
        counts.refused = 7;
        counts.refused_addresses = (0..NAMED)
            .map(|n| RefusedAddress {
                row: format!("liste.csv:{}", n + 2),
                address: format!("adjoint.{n}@ac-lille.example"),
                code: Some(550),
                reply: "5.1.1 unknown".into(),
            })
            .collect();
        let steps = counts.next_steps();
        assert_eq!(steps.len(), 2, "{steps:?}");
        assert!(
            steps[0].starts_with("`2` deferred")
                && steps[0]
                    .contains("(last reply: `451 4.7.1 greylisted, try again in 5 minutes`)")
                && steps[0].contains("run `missive send` again"),
            "{steps:?}"
        );
        assert!(
            steps[1].starts_with("`7` addresses refused")
                && steps[1]
                    .contains("`adjoint.0@ac-lille.example` (liste.csv:2: 550 5.1.1 unknown)")
                && steps[1].contains("and `2` more")
                && steps[1].contains("--retry-failed"),
            "{steps:?}"
        );
        assert!(!counts.all_sent());
    }

    #[test]
    fn the_next_steps_are_said_in_french_with_real_plurals() {
        use crate::i18n::{Lang, in_lang};
        let mut counts = Counts::default();
        counts.listed.insert(State::Sent, 8);
        counts.listed.insert(State::Pending, 1);
        counts.listed.insert(State::Deferred, 1_234);
        counts.deferred_reply = Some("451 4.7.1 greylisted".into());
        let steps = in_lang(Lang::Fr, || counts.next_steps());
        assert_eq!(steps.len(), 2, "{steps:?}");
        assert!(
            steps[0].starts_with(
                "1 destinataire reste à envoyer\u{a0}: lancez `missive send` pour continuer"
            ),
            "{steps:?}"
        );
        assert!(
            steps[1].starts_with("1\u{202f}234 différés\u{a0}: le serveur destinataire")
                && steps[1]
                    .contains("(dernière réponse\u{a0}: «\u{a0}451 4.7.1 greylisted\u{a0}»)"),
            "{steps:?}"
        );
        assert_eq!(
            in_lang(Lang::Fr, || Counts::default().next_steps()),
            ["rien n'est encore noté\u{a0}: lancez `missive send`"]
        );
        counts.listed.insert(State::Deferred, 0);
        counts.listed.insert(State::Pending, 0);
        counts.skipped = 1;
        assert_eq!(
            counts.next_steps()[0],
            "`1` row of the list was left out and never sent, its address or data being wrong (`missive report` says why): correct it in the list, then run `missive send`: it sends them, and nobody twice"
        );
    }
}
