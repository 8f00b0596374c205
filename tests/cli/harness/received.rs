//! Assertions on what a server received: a message parsed as MIME ([`parse_mime`], which
//! [`super::Received::parsed`] uses), who got how many, and that nobody got one twice.

use std::collections::BTreeMap;

use super::SmtpServer;

/// `bytes` parsed as a MIME message by `mail-parser`; the test fails when they do not parse.
#[track_caller]
pub fn parse_mime(bytes: &[u8]) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default()
        .parse(bytes)
        .expect("a MIME message")
}

/// How many messages each recipient (envelope address) received.
pub fn received_per_recipient(server: &SmtpServer) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for message in server.messages() {
        for to in message.rcpt_to {
            *counts.entry(to).or_default() += 1;
        }
    }
    counts
}

/// Nobody received the message twice (nothing was resent without `--retry-uncertain`), and
/// at most the `uncertain` ones of `rows` are missing.
pub fn assert_once_at_most(server: &SmtpServer, rows: usize, uncertain: usize) {
    let received = received_per_recipient(server);
    assert_eq!(
        doubles(&received),
        [],
        "no duplicate without --retry-uncertain"
    );
    assert!(
        received.len() >= rows - uncertain,
        "{} received",
        received.len()
    );
}

/// The recipients who received it more than once, and how many times.
pub fn doubles(counts: &BTreeMap<String, usize>) -> Vec<(&String, usize)> {
    counts
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(to, n)| (to, *n))
        .collect()
}
