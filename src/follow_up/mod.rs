//! Follow-up campaigns (`follow_up = "PATH"` in campaign.toml): what the journal of an
//! earlier campaign knows of each address it wrote to, read once per run (`load`), so that
//! a reminder carries `In-Reply-To` and `References` (mail clients thread it under the
//! circular) and `--where` can select on the earlier outcome (`previous.status`,
//! `previous.read`).
//!
//! A message is matched by its primary address (the first of To; of Cc, then Bcc, when To
//! is empty) against every envelope address of the earlier messages, both normalised as
//! journal keys are (lower case, the domain in its ASCII form). An address the earlier
//! campaign wrote to more than once is matched with its latest message that left (sent,
//! uncertain or drafted), else with its latest.

mod load;

use std::collections::HashMap;
use std::sync::Arc;

use lettre::Address;

use crate::recipients::address::normalise;

pub(crate) use load::load;

/// What an earlier campaign knows of the addresses it wrote to.
#[derive(Debug, Default)]
pub struct EarlierCampaign {
    by_address: HashMap<String, Arc<Previous>>,
}

/// The earlier message to one address, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Previous {
    /// Its Message-ID, angle brackets included, as the journal keeps it.
    pub message_id: String,
    /// `previous.status`: what `missive collect` recorded after the relay took it
    /// (`bounced` over `delayed` over `delivered`), else the journal's state (`sent`,
    /// `failed`, `deferred`, `uncertain`, `drafted`, `pending`).
    pub status: &'static str,
    /// `previous.read`: a read receipt came back.
    pub read: bool,
    /// It left (the relay took it, may have, or it went to Drafts for its sender to send):
    /// only such a message is there to thread under.
    left: bool,
    /// When its state last changed (RFC 3339, UTC; empty for a message never tried).
    at: String,
}

impl Previous {
    /// The earlier message to one address: its Message-ID, its state in the journal,
    /// what came back after the relay's 250 (if anything), whether it was read, and when
    /// its state last changed.
    pub(crate) fn new(
        message_id: String,
        state: &'static str,
        returned: Option<&'static str>,
        read: bool,
        at: String,
    ) -> Self {
        Self {
            message_id,
            status: returned.unwrap_or(state),
            read,
            left: matches!(state, "sent" | "uncertain" | "drafted"),
            at,
        }
    }

    /// The Message-ID a reminder answers: this one's, when the message left and the id is
    /// one a header can hold (`<…>`, visible ASCII: the journal is a file anyone may edit).
    pub fn thread(&self) -> Option<&str> {
        let id = self.message_id.as_str();
        let well_formed = id.len() > 2
            && id.starts_with('<')
            && id.ends_with('>')
            && id.bytes().all(|b| b.is_ascii_graphic());
        (self.left && well_formed).then_some(id)
    }

    /// Whether it stands for its address rather than `kept`: one that left over one that
    /// did not, then the later (on a tie, the one read last).
    fn outranks(&self, kept: &Previous) -> bool {
        (self.left, &self.at) >= (kept.left, &kept.at)
    }
}

impl EarlierCampaign {
    /// The earlier message to `address`, if the earlier campaign wrote to it.
    pub fn of(&self, address: &Address) -> Option<&Arc<Previous>> {
        self.by_address.get(&normalise(address))
    }

    /// Records `previous` for `address` (normalised, as in a journal key), unless an
    /// earlier message to it outranks it.
    pub(crate) fn add(&mut self, address: String, previous: Previous) {
        match self.by_address.get(&address) {
            Some(kept) if !previous.outranks(kept) => {}
            _ => {
                self.by_address.insert(address, Arc::new(previous));
            }
        }
    }

    /// How many addresses the earlier campaign wrote to.
    pub fn addresses(&self) -> usize {
        self.by_address.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn previous(id: &str, state: &'static str, at: &str) -> Previous {
        Previous::new(
            format!("<{id}@ac-lille.example>"),
            state,
            None,
            false,
            at.into(),
        )
    }

    #[test]
    fn the_latest_message_that_left_stands_for_its_address() {
        let mut earlier = EarlierCampaign::default();
        let address = "ce.0591234a@ac-lille.example".to_string();
        earlier.add(
            address.clone(),
            previous("a", "sent", "2026-03-02T08:00:00Z"),
        );
        earlier.add(
            address.clone(),
            previous("b", "failed", "2026-03-09T08:00:00Z"),
        );
        earlier.add(
            address.clone(),
            previous("c", "sent", "2026-03-05T08:00:00Z"),
        );
        earlier.add(address.clone(), previous("d", "pending", ""));
        let found = earlier
            .of(&"CE.0591234A@AC-Lille.example".parse().expect("an address"))
            .expect("found whatever the case");
        assert_eq!(found.message_id, "<c@ac-lille.example>");
        assert_eq!(found.thread(), Some("<c@ac-lille.example>"));
        assert!(
            earlier
                .of(&"autre@ac-lille.example".parse().expect("an address"))
                .is_none()
        );
        assert_eq!(earlier.addresses(), 1);
    }

    #[test]
    fn what_came_back_wins_over_the_state_and_only_what_left_is_threaded_under() {
        let bounced = Previous::new(
            "<a@x.example>".into(),
            "sent",
            Some("bounced"),
            false,
            String::new(),
        );
        assert_eq!(bounced.status, "bounced");
        assert_eq!(bounced.thread(), Some("<a@x.example>"));
        let failed = previous("b", "failed", "2026-03-09T08:00:00Z");
        assert_eq!((failed.status, failed.thread()), ("failed", None));
        let drafted = previous("c", "drafted", "2026-03-09T08:00:00Z");
        assert!(drafted.thread().is_some());
        let edited = Previous::new(
            "<a@x.example>\r\nBcc: x@y.example".into(),
            "sent",
            None,
            false,
            String::new(),
        );
        assert_eq!(edited.thread(), None, "no header line from the journal");
    }
}
