//! A composed message as the rest of the run handles it: its bytes, its envelope, and what
//! a person needs to recognise it.

use std::sync::Arc;

use lettre::Address;
use lettre::address::Envelope;

use super::{InternationalAddress, MessageBytes, identity};
use crate::follow_up::Previous;
use crate::recipients::RowRef;
use crate::recipients::address;

/// A message ready to submit, with what a person needs to recognise it.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub at: RowRef,
    /// The normalised envelope recipients: one journal entry per key.
    pub key: String,
    pub envelope: Envelope,
    pub message_id: String,
    /// The To header as a person reads it.
    pub to: String,
    pub subject: String,
    /// Names and sizes of the attached files.
    pub attachments: Vec<(String, u64)>,
    /// The whole message, CRLF line ends, as submitted (not dot-stuffed), its Date line
    /// the time it was composed (the wire writer puts the time of hand-over instead).
    pub bytes: MessageBytes,
    /// The addresses of its headers that were not plain ASCII in the list (most messages:
    /// none, and nothing allocated).
    pub international: Vec<InternationalAddress>,
    /// Its headers hold UTF-8: an address whose local part is beyond ASCII (RFC 6532).
    pub utf8_headers: bool,
    /// Ask the relay for delivery status notifications (`receipts = ["delivery"]`).
    pub wants_dsn: bool,
    /// Addresses of its headers left out of its envelope, being on the suppression list,
    /// and why (most messages: none, and nothing allocated).
    pub(crate) suppressed: Vec<(String, crate::i18n::Said)>,
    /// With `follow_up`: the earlier campaign's message to its primary address, if any.
    pub previous: Option<Arc<Previous>>,
}

impl Outgoing {
    /// SHA-256 of the message without its Date header, each attached file taken as its own
    /// SHA-256 (hashed once per run): equal in preview and send. Hashed run by run: the
    /// message is not copied into one piece (twice, with the Date line cut out), which with
    /// an attachment cost as much as the hashing.
    pub fn fingerprint(&self) -> String {
        identity::fingerprint(&self.bytes)
    }

    /// Whether only a relay that offers SMTPUTF8 (RFC 6531) may carry it: an address of
    /// its envelope, sender included, or of its headers has a local part beyond ASCII
    /// (`élodie@ac-lyon.fr`; a domain beyond ASCII goes out in its `xn--` form). MAIL FROM
    /// then takes the SMTPUTF8 parameter; a relay without it cannot take the message.
    pub fn needs_smtputf8(&self) -> bool {
        self.utf8_headers
            || self
                .envelope
                .from()
                .into_iter()
                .chain(self.envelope.to())
                .any(address::has_utf8_local_part)
    }

    /// The same message for some of its envelope addresses only (those `keep` says yes to):
    /// what a retry sends once the others have their outcome, so nobody gets it twice. The
    /// key, and so the journal entry, stay the message's. `None` when none is kept.
    pub fn only_to(&self, keep: impl Fn(&Address) -> bool) -> Option<Self> {
        let to: Vec<Address> = self
            .envelope
            .to()
            .iter()
            .filter(|a| keep(a))
            .cloned()
            .collect();
        let envelope = Envelope::new(self.envelope.from().cloned(), to).ok()?;
        Some(Self {
            envelope,
            ..self.clone()
        })
    }

    /// The memory keeping this message takes, runs shared with the messages before it
    /// (their addresses in `seen`) counted once: see [`MessageBytes::held`].
    pub fn held(&self, seen: &mut std::collections::HashSet<usize>) -> u64 {
        let text = self.key.len() + self.message_id.len() + self.to.len() + self.subject.len();
        let international = self.international.capacity() * size_of::<InternationalAddress>();
        (size_of::<Self>() + text + international + self.bytes.held(seen)) as u64
    }
}
