//! A message as SMTP carries it in DATA: dot-stuffed and terminated (RFC 5321, 4.5.2), dated
//! the moment it is handed over.

use std::time::SystemTime;

use crate::compose::{MessageBytes, Run, Shared, date_line};

/// The message as SMTP carries it (RFC 5321, 4.5.2): a line starting with a dot gets
/// another, and a line holding a single dot ends it. Found with `memchr`, as such lines are
/// rare (headers, base64 and quoted-printable lines seldom start with a dot): lettre's
/// codec copies the message byte by byte, which was a tenth of a send's work. The message
/// comes in runs (its own bytes, and those it shares): a line may start in one run and go
/// on in the next. `room`: bytes that will follow, so the buffer never grows again.
///
/// The message's Date line ([`Shared::Date`], written when the run composed it) goes as
/// `handed_over`, the time the message is handed to the relay: a run that waits for its
/// window or its rate would otherwise date its messages hours in the past. The line has one
/// length whatever the time, and is written on the stack: nothing more is allocated.
pub(super) fn on_the_wire(message: &MessageBytes, room: usize, handed_over: SystemTime) -> Vec<u8> {
    let date = date_line(handed_over);
    let mut wire = Vec::with_capacity(message.len() + 5 + room);
    // Whether the next byte starts a line.
    let mut line_start = true;
    for run in message.runs() {
        let chunk = match run {
            Run::Shared(Shared::Date(_)) => date.as_slice(),
            other => other.bytes(),
        };
        if chunk.is_empty() {
            continue;
        }
        let mut rest = chunk;
        if line_start && rest.first() == Some(&b'.') {
            wire.push(b'.');
        }
        while let Some(at) = memchr::memmem::find(rest, b"\n.") {
            wire.extend_from_slice(&rest[..=at + 1]);
            wire.push(b'.');
            rest = &rest[at + 2..];
        }
        wire.extend_from_slice(rest);
        line_start = chunk.last() == Some(&b'\n');
    }
    if !wire.ends_with(b"\r\n") {
        wire.extend_from_slice(b"\r\n");
    }
    wire.extend_from_slice(b".\r\n");
    wire
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::{Duration, SystemTime};

    use crate::compose::{MessageBytes, Shared, date_line};

    /// The wire form of a message held in one run.
    fn on_the_wire(message: &[u8]) -> Vec<u8> {
        super::on_the_wire(&MessageBytes::from(message.to_vec()), 0, SystemTime::now())
    }

    /// What a server makes of the wire form (RFC 5321, 4.5.2): the message back.
    fn received(wire: &[u8]) -> Vec<u8> {
        let text = wire.strip_suffix(b".\r\n").expect("the terminator");
        let mut out = Vec::new();
        for line in text.split_inclusive(|b| *b == b'\n') {
            out.extend_from_slice(line.strip_prefix(b".").unwrap_or(line));
        }
        out
    }

    #[test]
    fn lines_starting_with_a_dot_are_doubled_and_the_message_terminated() {
        let message = b"Subject: x\r\n\r\n.hidden\r\nfin.\r\n.\r\n..deux\r\n";
        let wire = on_the_wire(message);
        assert_eq!(
            wire,
            b"Subject: x\r\n\r\n..hidden\r\nfin.\r\n..\r\n...deux\r\n.\r\n".to_vec()
        );
        assert_eq!(received(&wire), message.to_vec());
    }

    #[test]
    fn a_message_is_sent_as_it_is_when_no_line_starts_with_a_dot() {
        let message = b"Subject: x\r\n\r\nBonjour.\r\n";
        assert_eq!(
            on_the_wire(message),
            b"Subject: x\r\n\r\nBonjour.\r\n.\r\n".to_vec()
        );
    }

    #[test]
    fn a_first_line_starting_with_a_dot_and_a_missing_last_line_break() {
        assert_eq!(on_the_wire(b".a\r\nb"), b"..a\r\nb\r\n.\r\n".to_vec());
        assert_eq!(on_the_wire(b""), b"\r\n.\r\n".to_vec());
    }

    #[test]
    fn every_message_comes_back_from_the_wire_as_it_was() {
        // Messages made of every mix of the bytes that matter, up to six of them.
        let alphabet: &[&[u8]] = &[b".", b"\r\n", b"a", b"\n", b".."];
        let mut messages: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..6 {
            let longer: Vec<Vec<u8>> = messages
                .iter()
                .flat_map(|m| {
                    alphabet
                        .iter()
                        .map(move |piece| [m.as_slice(), piece].concat())
                })
                .collect();
            messages = longer;
        }
        for message in messages.iter().filter(|m| m.ends_with(b"\r\n")) {
            let wire = on_the_wire(message);
            assert_eq!(
                &received(&wire),
                message,
                "{:?}",
                String::from_utf8_lossy(message)
            );
            // The terminator appears only at the end.
            assert!(!wire[..wire.len() - 3].windows(5).any(|w| w == b"\r\n.\r\n"));
        }
    }

    #[test]
    fn a_message_in_runs_goes_as_the_same_message_in_one() {
        // Every message of up to five pieces, cut into an own run, a shared run and an own
        // run at every pair of places: a line may start in one run and go on in the next.
        let alphabet: &[&[u8]] = &[b".", b"\r\n", b"a", b".."];
        let mut messages: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..5 {
            messages = messages
                .iter()
                .flat_map(|m| alphabet.iter().map(move |p| [m.as_slice(), p].concat()))
                .collect();
        }
        for message in &messages {
            let whole = on_the_wire(message);
            for first in 0..=message.len() {
                for second in first..=message.len() {
                    let mut runs = MessageBytes::from(message[..first].to_vec());
                    runs.push_shared(Shared::Line(Arc::from(&message[first..second])));
                    runs.extend_from_slice(&message[second..]);
                    assert_eq!(
                        super::on_the_wire(&runs, 0, SystemTime::now()),
                        whole,
                        "{:?} cut at {first} and {second}",
                        String::from_utf8_lossy(message)
                    );
                }
            }
        }
    }

    /// A message as composition leaves it: the From line, the run's Date line, the rest.
    fn composed(date: SystemTime, rest: &[u8]) -> MessageBytes {
        let mut message = MessageBytes::from(b"From: ien@ac-lille.fr\r\n".to_vec());
        message.push_shared(Shared::Date(Arc::from(date_line(date).as_slice())));
        message.extend_from_slice(rest);
        message
    }

    #[test]
    fn the_date_on_the_wire_is_the_time_of_hand_over_not_of_composition() {
        let composed_at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_619_416_800);
        let message = composed(composed_at, b"Subject: x\r\n\r\n.point\r\n");
        let handed_over = composed_at + Duration::from_secs(5 * 3600 + 7);
        let wire = super::on_the_wire(&message, 0, handed_over);
        assert_eq!(
            String::from_utf8_lossy(&wire),
            "From: ien@ac-lille.fr\r\nDate: Mon, 26 Apr 2021 11:00:07 +0000\r\nSubject: x\r\n\r\n..point\r\n.\r\n"
        );
        // What a preview shows keeps the time it was composed.
        assert!(
            String::from_utf8_lossy(&message.to_vec()).contains("Date: Mon, 26 Apr 2021 06:00:00")
        );
        // Only the Date line differs: the same length, the rest as it was.
        let same_time = super::on_the_wire(&message, 0, composed_at);
        assert_eq!(same_time.len(), wire.len());
        assert_eq!(received(&same_time), message.to_vec());
    }

    #[test]
    fn a_date_run_followed_by_a_line_starting_with_a_dot_is_stuffed() {
        let date = SystemTime::UNIX_EPOCH + Duration::from_secs(1_619_416_800);
        let wire = super::on_the_wire(&composed(date, b".X-Odd: y\r\n\r\nz\r\n"), 0, date);
        assert!(
            wire.windows(13).any(|w| w == b"+0000\r\n..X-Od"),
            "{}",
            String::from_utf8_lossy(&wire)
        );
    }
}
