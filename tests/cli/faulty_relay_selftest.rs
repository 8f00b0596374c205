//! Proves the scripted-fault relay in `tests/cli/harness/faulty_relay.rs` with a client that
//! speaks SMTP by hand, without missive: each behaviour of its script, what it stores and
//! what it logs. The tests of missive's retries and failures rely on all of these.

mod client;

use std::io::ErrorKind;
use std::time::Duration;

use crate::harness::{AfterDot, FaultyRelay, Script, eventually};

use client::{Client, MESSAGE, ended, timed_out};

/// Long enough for a loaded CI machine, short enough that a hang fails the test.
const PATIENCE: Duration = Duration::from_secs(20);

/// Whether the relay logged the end of a connection.
fn closed(relay: &FaultyRelay) -> bool {
    relay.wait_for_events(PATIENCE, |events| events.iter().any(|e| e.verb == "close"))
}

/// The codes the relay logged for `verb`, in order.
fn codes(relay: &FaultyRelay, verb: &str) -> Vec<Option<u16>> {
    let events = relay.events().into_iter().filter(|e| e.verb == verb);
    events.map(|event| event.code).collect()
}

#[test]
fn an_accepted_message_is_stored_with_its_envelope_and_logged() {
    let Some(relay) = FaultyRelay::start(Script::new()) else {
        return;
    };
    let (mut client, offered) = Client::ehlo(&relay);
    assert!(offered.iter().any(|e| e == "SIZE 33554432"), "{offered:?}");
    assert!(offered.iter().any(|e| e == "8BITMIME"), "{offered:?}");
    assert!(!offered.iter().any(|e| e == "SMTPUTF8" || e == "PIPELINING"));
    client.expect("MAIL FROM:<ien@example.org> BODY=8BITMIME SIZE=300", 250);
    client.expect("RCPT TO:<elodie.durand@example.org>", 250);
    client.expect("RCPT TO:<marc.petit@example.org>", 250);
    client.data_accepted();
    client.expect("QUIT", 221);

    let received = relay.received();
    assert_eq!(received.len(), 1);
    let message = &received[0];
    assert_eq!(message.mail_from, "ien@example.org");
    assert_eq!(
        message.rcpt_to,
        ["elodie.durand@example.org", "marc.petit@example.org"]
    );
    assert_eq!(message.mail_options, ["BODY=8BITMIME", "SIZE=300"]);
    assert_eq!(message.data, MESSAGE.replacen("\n..", "\n.", 1).as_bytes());
    assert_eq!(message.parsed().subject(), Some("Rentrée numérique"));
    let mail = relay.events().into_iter().find(|e| e.verb == "MAIL");
    let mail = mail.expect("MAIL is logged");
    assert_eq!(mail.params, ["BODY=8BITMIME", "SIZE=300"]);
    assert_eq!(mail.code, Some(250));
    assert_eq!(codes(&relay, "."), [Some(250)]);
    assert!(closed(&relay));
    assert_eq!(relay.connections(), 1);
}

#[test]
fn greylisting_defers_each_address_until_its_delay_has_passed() {
    let delay = 0.5;
    let script = Script::new().greylist(Duration::from_secs_f64(delay));
    let Some(relay) = FaultyRelay::start(script) else {
        return;
    };
    let (mut client, _) = Client::ehlo(&relay);
    client.expect("MAIL FROM:<ien@example.org>", 250);
    let first = client.expect("RCPT TO:<elodie@example.org>", 451);
    assert_eq!(
        first.lines,
        ["4.7.1 <elodie@example.org>: Recipient address rejected: Greylisted, try again later"]
    );
    let accepted = eventually(PATIENCE, || {
        client.command("RCPT TO:<Elodie@example.org>").code == 250
    });
    assert!(accepted, "the address is accepted once its delay passed");
    // Another address has its own delay, kept across sessions.
    client.expect("RCPT TO:<marc@example.org>", 451);
    let (mut second, _) = Client::ehlo(&relay);
    second.expect("MAIL FROM:<ien@example.org>", 250);
    let accepted = eventually(PATIENCE, || {
        second.command("RCPT TO:<marc@example.org>").code == 250
    });
    assert!(
        accepted,
        "the second address is accepted in a later session"
    );

    for address in ["elodie@example.org", "marc@example.org"] {
        let attempts = relay.rcpt_attempts(address);
        assert!(attempts.len() >= 2, "{attempts:?}");
        let (start, first_code) = attempts[0];
        assert_eq!(first_code, 451);
        assert_eq!(attempts.last().map(|a| a.1), Some(250));
        for (time, code) in &attempts[1..] {
            // The log's times come a few microseconds after the relay's decision.
            let waited = time - start;
            assert!(
                code == &451 && waited < delay + 0.05 || code == &250 && waited >= delay - 0.05
            );
        }
    }
}

#[test]
fn refused_recipients_and_too_many_recipients_get_their_replies() {
    let script = Script::new()
        .refuse_rcpt(
            "Parti@example.org",
            550,
            "5.1.1 <parti@example.org>: User unknown",
        )
        .refuse_rcpt("plein@example.org", 451, "4.2.2 Mailbox full")
        .too_many_recipients(2);
    let Some(relay) = FaultyRelay::start(script) else {
        return;
    };
    let (mut client, _) = Client::ehlo(&relay);
    client.expect("MAIL FROM:<ien@example.org>", 250);
    client.expect("RCPT TO:<elodie@example.org>", 250);
    let unknown = client.expect("RCPT TO:<parti@example.org>", 550);
    assert_eq!(unknown.lines, ["5.1.1 <parti@example.org>: User unknown"]);
    client.expect("RCPT TO:<plein@example.org>", 451);
    client.expect("RCPT TO:<plein@example.org>", 451);
    client.expect("RCPT TO:<marc@example.org>", 250);
    let third = client.expect("RCPT TO:<zoe@example.org>", 452);
    assert_eq!(third.lines, ["4.5.3 Too many recipients"]);
    client.data_accepted();
    // The limit is per transaction.
    client.expect("MAIL FROM:<ien@example.org>", 250);
    client.expect("RCPT TO:<zoe@example.org>", 250);

    let received = relay.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].rcpt_to,
        ["elodie@example.org", "marc@example.org"]
    );
}

#[test]
fn mail_replies_come_for_the_first_mails_only_and_421_closes() {
    let script = Script::new().mail_reply(451, "4.3.2 Try again later", Some(2));
    let Some(relay) = FaultyRelay::start(script) else {
        return;
    };
    let (mut client, _) = Client::ehlo(&relay);
    let deferred = client.expect("MAIL FROM:<ien@example.org>", 451);
    assert_eq!(deferred.lines, ["4.3.2 Try again later"]);
    let (mut second, _) = Client::ehlo(&relay);
    second.expect("MAIL FROM:<ien@example.org>", 451);
    second.expect("MAIL FROM:<ien@example.org>", 250);
    assert_eq!(codes(&relay, "MAIL"), [Some(451), Some(451), Some(250)]);

    let script = Script::new().mail_reply(421, "4.7.0 Too many connections", None);
    let Some(relay) = FaultyRelay::start(script) else {
        return;
    };
    for _ in 0..2 {
        let (mut client, _) = Client::ehlo(&relay);
        client.expect("MAIL FROM:<ien@example.org>", 421);
        assert!(ended(&client.line()), "421 closes the connection");
    }
}

#[test]
fn after_dot_drop_closes_without_a_reply_from_the_nth_message() {
    let script = Script::new().after_dot(AfterDot::Drop, 2);
    let Some(relay) = FaultyRelay::start(script) else {
        return;
    };
    let (mut client, _) = Client::ehlo(&relay);
    let first = client.send("elodie@example.org").expect("a reply");
    assert!(first.is_some_and(|reply| reply.starts_with("250 ")));
    let second = client.send("marc@example.org");
    assert!(ended(&second), "{second:?}");
    assert_eq!(codes(&relay, "."), [Some(250), None]);
    assert_eq!(relay.received().len(), 1);
    assert_eq!(relay.received()[0].rcpt_to, ["elodie@example.org"]);
}

#[test]
fn after_dot_garbage_is_a_line_that_is_no_reply_and_the_session_goes_on() {
    let Some(relay) = FaultyRelay::start(Script::new().after_dot(AfterDot::Garbage, 1)) else {
        return;
    };
    let (mut client, _) = Client::ehlo(&relay);
    let line = client.send("elodie@example.org").expect("a line");
    assert_eq!(line.as_deref(), Some("hello there"));
    client.expect("NOOP", 250);
    assert!(relay.received().is_empty());
}

#[test]
fn after_dot_silent_never_replies_and_keeps_the_connection() {
    let Some(relay) = FaultyRelay::start(Script::new().after_dot(AfterDot::Silent, 1)) else {
        return;
    };
    let (mut client, _) = Client::ehlo(&relay);
    client.patience(Duration::from_secs(1));
    let read = client.send("elodie@example.org");
    assert!(timed_out(&read), "{read:?}");
    assert_eq!(codes(&relay, "."), [None]);
    assert!(!relay.events().iter().any(|e| e.verb == "close"));
    assert!(relay.received().is_empty());
}

#[test]
fn after_dot_replies_421_451_554_and_421_closes() {
    for code in [421, 451, 554] {
        let Some(relay) = FaultyRelay::start(Script::new().after_dot(AfterDot::Reply(code), 1))
        else {
            return;
        };
        let (mut client, _) = Client::ehlo(&relay);
        let reply = client.send("elodie@example.org").expect("a reply");
        let reply = reply.expect("a reply, not the end");
        assert!(reply.starts_with(&format!("{code} ")), "{reply}");
        if code == 421 {
            assert!(ended(&client.line()), "421 closes the connection");
        } else {
            client.expect("NOOP", 250);
        }
        assert!(relay.received().is_empty());
    }
}

#[test]
fn drop_in_data_closes_the_connection_while_the_body_is_written() {
    let Some(relay) = FaultyRelay::start(Script::new().drop_in_data()) else {
        return;
    };
    let (mut client, _) = Client::ehlo(&relay);
    client.expect("MAIL FROM:<ien@example.org>", 250);
    client.expect("RCPT TO:<elodie@example.org>", 250);
    client.expect("DATA", 354);
    let line = "Une ligne du corps du message, écrite encore et encore.\r\n";
    // Writes fail once the closed connection is reset; bounded: 58 MB at most.
    let refused = (0..1_000_000).find_map(|_| client.write(line).err());
    let refused = refused.expect("a write refused");
    assert!(
        matches!(
            refused.kind(),
            ErrorKind::BrokenPipe | ErrorKind::ConnectionReset
        ),
        "{refused:?}"
    );
    assert!(closed(&relay));
    assert!(codes(&relay, ".").is_empty(), "no dot was seen");
    assert!(relay.received().is_empty());
}

#[test]
fn no_greeting_holds_the_connection_without_a_220() {
    let Some(relay) = FaultyRelay::start(Script::new().no_greeting()) else {
        return;
    };
    let mut client = Client::open(&relay);
    client.patience(Duration::from_secs(1));
    let read = client.line();
    assert!(timed_out(&read), "{read:?}");
    assert_eq!(relay.connections(), 1);
    assert!(codes(&relay, "greeting").is_empty());
}

#[test]
fn size_limit_is_offered_and_enforced() {
    let Some(relay) = FaultyRelay::start(Script::new().size_limit(1000)) else {
        return;
    };
    let (mut client, offered) = Client::ehlo(&relay);
    assert!(offered.iter().any(|e| e == "SIZE 1000"), "{offered:?}");
    let refused = client.expect("MAIL FROM:<ien@example.org> SIZE=1001", 552);
    assert_eq!(
        refused.lines,
        ["Error: message size exceeds fixed maximum message size"]
    );
    client.expect("MAIL FROM:<ien@example.org> SIZE=1000", 250);
    client.expect("RCPT TO:<elodie@example.org>", 250);
    client.expect("DATA", 354);
    client.write(&MESSAGE.repeat(10)).expect("a body");
    let reply = client.command(".");
    assert_eq!(reply.code, 552, "{reply:?}");
    let mails = relay.events().into_iter().filter(|e| e.verb == "MAIL");
    let sizes: Vec<Vec<String>> = mails.map(|event| event.params).collect();
    assert_eq!(sizes, [["SIZE=1001"], ["SIZE=1000"]]);
    assert!(relay.received().is_empty());
}

#[test]
fn smtputf8_is_offered_only_when_switched_on() {
    let Some(relay) = FaultyRelay::start(Script::new().smtputf8(true)) else {
        return;
    };
    let (mut client, offered) = Client::ehlo(&relay);
    assert!(offered.iter().any(|e| e == "SMTPUTF8"), "{offered:?}");
    client.expect("MAIL FROM:<ien@example.org> SMTPUTF8", 250);
    client.expect("RCPT TO:<élodie@exemple.fr>", 250);
    client.data_accepted();
    let received = relay.received();
    assert_eq!(received[0].rcpt_to, ["élodie@exemple.fr"]);
    assert_eq!(received[0].mail_options, ["SMTPUTF8"]);

    let Some(relay) = FaultyRelay::start(Script::new().smtputf8(false)) else {
        return;
    };
    let (mut client, offered) = Client::ehlo(&relay);
    assert!(!offered.iter().any(|e| e == "SMTPUTF8"), "{offered:?}");
    let refused = client.expect("MAIL FROM:<ien@example.org> SMTPUTF8", 501);
    assert_eq!(refused.lines, ["Error: SMTPUTF8 disabled"]);
    client.expect("MAIL FROM:<ien@example.org>", 250);
    let ascii_only = client.expect("RCPT TO:<élodie@exemple.fr>", 500);
    assert_eq!(ascii_only.lines, ["Error: strict ASCII mode"]);
}
