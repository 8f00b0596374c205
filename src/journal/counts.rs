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
        write!(
            f,
            "`{}` ({}: {})",
            self.address,
            self.row,
            reply(self.code, &self.reply)
        )
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
        let deferred = format!(
            "deferred: the receiving server asked to try later{}; run `missive send` again in a few minutes: it tries them again, to the addresses still waiting only",
            self.deferred_reply
                .as_ref()
                .map(|reply| format!(" (last reply: `{reply}`)"))
                .unwrap_or_default()
        );
        let refused = format!(
            "address(es) refused by the relay while their message reached its other recipients (a Cc, a Bcc…): {}{}; see `missive report`, correct them in the list, then `missive send --retry-failed` sends to them alone",
            self.refused_addresses
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            match self.refused.saturating_sub(self.refused_addresses.len()) {
                0 => String::new(),
                more => format!(" and `{more}` more"),
            }
        );
        let advice = [
            (
                self.listed(State::Pending),
                "recipient(s) still to send: run `missive send` to go on (what was sent is not sent again)",
            ),
            (self.listed(State::Deferred), deferred.as_str()),
            (
                self.listed(State::Sending),
                "being sent now, or left by a run that was killed: the next `missive send` counts them uncertain",
            ),
            (
                self.listed(State::Uncertain),
                "may have been delivered (their run stopped before the relay replied): check `missive report`, then `missive send --retry-uncertain` sends them again with the same Message-ID",
            ),
            (
                self.listed(State::Failed),
                "refused by the relay: see why with `missive report`, correct the list, then run `missive send --retry-failed`",
            ),
            (self.refused, refused.as_str()),
            (
                self.listed(State::Drafted),
                "message(s) are in your mailbox's Drafts folder (`missive drafts`): send them from your mail client; `missive send` leaves them alone",
            ),
            (
                self.suppressed,
                "row(s) of the list were left out because their addresses bounced for good in an earlier campaign (the suppression list, `missive suppressed`): correct the address in the list, or `missive suppressed --remove ADDRESS` if it works again",
            ),
            (
                self.skipped,
                "row(s) of the list were left out and never sent, their address or data being wrong (`missive report` says why): correct them in the list, then run `missive send`: it sends them, and nobody twice",
            ),
        ];
        let mut steps: Vec<String> = advice
            .iter()
            .filter(|(count, _)| *count > 0)
            .map(|(count, what)| format!("`{count}` {what}"))
            .collect();
        if steps.is_empty() {
            steps.push(if self.listed_total() == 0 {
                "nothing recorded yet: run `missive send`".to_string()
            } else {
                "every recipient got the message: nothing left to do".to_string()
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
            steps[0].starts_with("`2` row(s) of the list were left out and never sent"),
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
            steps[1].starts_with("`7` address(es) refused")
                && steps[1]
                    .contains("`adjoint.0@ac-lille.example` (liste.csv:2: 550 5.1.1 unknown)")
                && steps[1].contains("and `2` more")
                && steps[1].contains("--retry-failed"),
            "{steps:?}"
        );
        assert!(!counts.all_sent());
    }
}
