//! Reading the relay right (issue 20), against a real SMTP server that misbehaves the way
//! relays do (`harness::FaultyRelay`, aiosmtpd driven by a script): greylisting, replies lost
//! after the message, a session broken in the middle of it, a relay that never greets or
//! does not listen, SIZE. Each test asserts what the relay saw and what the journal kept.

use std::fmt::Write as _;
use std::time::Duration;

use crate::harness::{
    AfterDot, Campaign, FaultyRelay, Script, address, assert_exit, eventually, free_port, run,
    signal, spawn, text,
};

/// `Campaign::new(rows)` with `attachment` attached to every message.
fn with_attachment(rows: usize, attachment: Vec<u8>) -> Campaign {
    let campaign = Campaign::new(rows);
    campaign.write("annexe.bin", attachment);
    campaign.write(
        "campaign.toml",
        "id = \"rentree\"\ntemplate = \"message.md\"\nrecipients = \"liste.csv\"\nattachments = [\"annexe.bin\"]\n",
    );
    campaign
}

/// An empty campaign whose template sends to `email` with `adjoint` in Cc; the test writes
/// its list.
fn with_cc() -> Campaign {
    let campaign = Campaign::new(0);
    campaign.write(
        "message.md",
        "From: Inspection <ien@ac-lille.example>\nTo: {{ nom }} <{{ email }}>\nCc: {{ adjoint }}\nSubject: Rentrée\n\nBonjour.\n",
    );
    campaign
}

/// `Campaign::new(rows)` sending through a pool of `relays`, `smtp` written in `[smtp]`.
fn pool_of(rows: usize, smtp: &str, relays: &[&FaultyRelay]) -> Campaign {
    let campaign = Campaign::new(rows);
    let mut toml = format!(
        "id = \"rentree\"\ntemplate = \"message.md\"\nrecipients = \"liste.csv\"\n\n[smtp]\n{smtp}"
    );
    for relay in relays {
        let _ = write!(toml, "\n[[smtp.relay]]\nurl = \"{}\"\n", relay.url());
    }
    campaign.write("campaign.toml", toml);
    campaign
}

/// `Campaign::new(rows)` sending to `relay` with `extra` flags.
fn send(campaign: &Campaign, relay: &FaultyRelay, extra: &[&str]) -> std::process::Output {
    run(campaign.send_to(&relay.url(), extra))
}

/// Every recipient's first RCPT gets a greylist's 451; each is tried again on the retry
/// schedule while the run goes on with the others, and all get the message in the same run:
/// the 451s neither slow the relay nor count toward stopping the run.
#[test]
fn greylisted_recipients_get_the_message_in_the_same_run() {
    let Some(relay) = FaultyRelay::start(Script::new().greylist(Duration::from_secs(3))) else {
        return;
    };
    let campaign = Campaign::new(25);
    // First retries 3.75 to 6.25 s after each first try: all past the 3 s greylist.
    let output = send(&campaign, &relay, &["--retry-base", "5s"]);
    assert_exit(&output, 0);
    assert_eq!(relay.received().len(), 25, "{}", text(&output));
    let mut firsts = Vec::new();
    let mut retries = Vec::new();
    for n in 0..25 {
        let attempts = relay.rcpt_attempts(&address(n));
        let codes: Vec<u16> = attempts.iter().map(|(_, code)| *code).collect();
        assert_eq!(codes, [451, 250], "{}: {attempts:?}", address(n));
        assert!(attempts[1].0 - attempts[0].0 >= 3.0, "{attempts:?}");
        firsts.push(attempts[0].0);
        retries.push(attempts[1].0);
    }
    // Every first try came before any retry: the greylisted did not hold the others up.
    let last_first = firsts.iter().copied().fold(f64::MIN, f64::max);
    let first_retry = retries.iter().copied().fold(f64::MAX, f64::min);
    assert!(last_first < first_retry, "{firsts:?} {retries:?}");
    assert_eq!(campaign.statuses().get("sent"), Some(&25));
}

/// Past `--retry-for`, what is still deferred stays `deferred` in the journal (neither sent
/// nor failed); the run ends with exit 3 saying how many, why and what to do; `status` and
/// `report` show the greylist's reply; the next `send` tries them again.
#[test]
fn past_the_horizon_the_deferred_wait_for_the_next_run() {
    let Some(relay) = FaultyRelay::start(Script::new().greylist(Duration::from_secs(600))) else {
        return;
    };
    let campaign = Campaign::new(3);
    let output = send(
        &campaign,
        &relay,
        &["--retry-base", "500ms", "--retry-for", "2s"],
    );
    assert_exit(&output, 3);
    let said = text(&output);
    assert!(said.contains("deferred"), "{said}");
    assert!(said.contains("Greylisted"), "the relay's reply: {said}");
    assert!(said.contains("missive send"), "{said}");
    for n in 0..3 {
        let attempts = relay.rcpt_attempts(&address(n)).len();
        assert!((2..=4).contains(&attempts), "{n}: {attempts} tries");
    }
    assert_eq!(campaign.statuses().get("deferred"), Some(&3));
    for line in campaign.report() {
        let reply = line["reply"].as_str().unwrap_or_default();
        assert!(reply.contains("Greylisted"), "{line}");
    }
    let status = run(campaign.missive(&["status"]));
    let status = text(&status);
    assert!(status.contains("deferred   3"), "{status}");
    assert!(status.contains("Greylisted"), "the last reply: {status}");
    // The next run tries them again.
    let before = relay.rcpt_attempts(&address(0)).len();
    assert_exit(&send(&campaign, &relay, &["--retry-for", "1s"]), 3);
    assert!(relay.rcpt_attempts(&address(0)).len() > before);
}

/// A relay that drops the connection after every message's end: three messages in a row
/// are uncertain (they may have been delivered), and the run stops there (exit 4) saying
/// what the relay did, the rest left pending for a later run.
#[test]
fn replies_lost_after_the_message_stop_the_run_after_three() {
    for (fault, words) in [
        (AfterDot::Drop, "closed the connection without answering"),
        (AfterDot::Garbage, "does not read as SMTP"),
    ] {
        let Some(relay) = FaultyRelay::start(Script::new().after_dot(fault, 1)) else {
            return;
        };
        let campaign = Campaign::new(200);
        let output = send(&campaign, &relay, &[]);
        assert_exit(&output, 4);
        let said = text(&output);
        assert!(
            said.contains("messages in a row got no proper answer"),
            "{said}"
        );
        assert!(said.contains(words), "{said}");
        let statuses = campaign.statuses();
        let uncertain = statuses.get("uncertain").copied().unwrap_or_default();
        // Three in a row, and at most one more per other session in flight then.
        assert!((3..=4).contains(&uncertain), "{statuses:?}");
        assert_eq!(statuses.get("pending").copied(), Some(200 - uncertain));
        let dots = relay.events().iter().filter(|e| e.verb == ".").count();
        assert_eq!(dots, uncertain, "only those were handed over");
    }
}

/// A relay that says nothing after the message: each waits `--data-timeout`, and three in
/// a row stop the run.
#[test]
fn a_relay_silent_after_the_message_is_given_up_after_three() {
    let Some(relay) = FaultyRelay::start(Script::new().after_dot(AfterDot::Silent, 1)) else {
        return;
    };
    let campaign = Campaign::new(20);
    let output = send(&campaign, &relay, &["--data-timeout", "1s"]);
    assert_exit(&output, 4);
    let said = text(&output);
    assert!(
        said.contains("no reply within 1 s after the message was sent"),
        "{said}"
    );
    let uncertain = campaign.statuses().get("uncertain").copied();
    assert!(matches!(uncertain, Some(3 | 4)), "{uncertain:?}");
}

/// A connection that breaks while the message is being written (before its end) cannot
/// have delivered it: a plain retry, never `uncertain`.
#[test]
fn a_session_broken_before_the_end_of_the_message_is_retried_not_uncertain() {
    let Some(relay) = FaultyRelay::start(Script::new().drop_in_data()) else {
        return;
    };
    // Larger than any socket buffer: the relay closes while missive still writes.
    let noise: Vec<u8> = (0..6_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let campaign = with_attachment(3, noise);
    let output = send(
        &campaign,
        &relay,
        &["--retry-base", "200ms", "--max-attempts", "2"],
    );
    let said = text(&output);
    let statuses = campaign.statuses();
    assert_eq!(statuses.get("uncertain"), None, "{statuses:?} {said}");
    assert_eq!(statuses.get("sent"), None, "{statuses:?}");
    assert!(statuses.contains_key("deferred"), "{statuses:?} {said}");
    assert!(
        said.contains("broke while the message was being sent"),
        "{said}"
    );
}

/// A relay that never sends its greeting is given up within the greeting timeout, in one
/// line, with exit 4; in a pool, the other relay carries every message.
#[test]
fn a_relay_that_never_greets_is_given_up_and_a_pool_goes_on_without_it() {
    let Some(mute) = FaultyRelay::start(Script::new().no_greeting()) else {
        return;
    };
    let campaign = Campaign::new(4);
    let output = send(&campaign, &mute, &["--timeout", "2s"]);
    assert_exit(&output, 4);
    let said = text(&output);
    assert!(
        said.contains("did not answer within 2 s while waiting for the greeting"),
        "{said}"
    );
    assert!(!said.contains("trying again"), "{said}");
    let Some(good) = FaultyRelay::start(Script::new()) else {
        return;
    };
    let pool = pool_of(6, "timeout = \"2s\"\n", &[&mute, &good]);
    let output = run(pool.missive(&["send", "--yes"]));
    assert_exit(&output, 0);
    assert_eq!(good.received().len(), 6, "{}", text(&output));
}

/// Nothing listens on the port: the run ends at once, in one line, without a retry.
#[test]
fn a_wrong_port_is_given_up_at_once_in_one_line() {
    let campaign = Campaign::new(3);
    let url = format!("smtp://127.0.0.1:{}", free_port());
    let output = run(campaign.send_to(&url, &[]));
    assert_exit(&output, 4);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot connect to the relay"), "{stderr}");
    assert!(!stderr.contains("trying again"), "{stderr}");
    assert_eq!(
        stderr.matches("cannot connect").count(),
        1,
        "one line says it: {stderr}"
    );
    assert_eq!(campaign.statuses().get("pending"), Some(&3));
    // In French, the system's words too.
    let mut french = crate::harness::french(campaign.path());
    french.args(["send", "--yes", "--smtp", &url]);
    let output = run(french);
    assert_exit(&output, 4);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "erreur\u{a0}: impossible de se connecter au relais {url}\u{a0}: connexion refusée\u{202f}; \
             vérifiez son adresse et son port"
        )),
        "{stderr}"
    );
}

/// A message larger than the relay's SIZE is not uploaded: its row fails before MAIL,
/// saying the relay's limit; MAIL carries `SIZE=` for the others.
#[test]
fn a_message_over_the_relays_size_fails_before_it_is_uploaded() {
    let Some(relay) = FaultyRelay::start(Script::new().size_limit(1_000_000)) else {
        return;
    };
    let campaign = with_attachment(2, vec![b'x'; 1_500_000]);
    let output = send(&campaign, &relay, &[]);
    assert_exit(&output, 3);
    assert!(
        relay.events().iter().all(|e| e.verb != "MAIL"),
        "nothing was uploaded"
    );
    for line in campaign.report() {
        assert_eq!(line["status"], "failed", "{line}");
        let reply = line["reply"].as_str().unwrap_or_default();
        assert!(reply.contains("the relay accepts at most 1.0 MB"), "{line}");
    }
    // A small message goes, its size announced.
    let small = Campaign::new(1);
    assert_exit(&send(&small, &relay, &[]), 0);
    let mail = relay.received().pop().expect("received");
    assert!(
        mail.mail_options.iter().any(|o| o.starts_with("SIZE=")),
        "{:?}",
        mail.mail_options
    );
}

/// A relay that answers MAIL with 451 twice (busy), then takes everything: the messages are
/// retried and delivered, nothing lost.
#[test]
fn a_busy_relay_deferring_mail_gets_the_messages_on_retry() {
    let Some(relay) =
        FaultyRelay::start(Script::new().mail_reply(451, "4.3.2 System busy, try later", Some(2)))
    else {
        return;
    };
    let campaign = Campaign::new(4);
    let output = send(&campaign, &relay, &["--retry-base", "200ms"]);
    assert_exit(&output, 0);
    assert_eq!(relay.received().len(), 4, "{}", text(&output));
}

/// Ctrl-C while the only messages left wait for their retry: nothing is in flight, so the
/// run stops at once (it does not wait out the retry, nor a grace period), saying so.
#[test]
fn ctrl_c_with_nothing_in_flight_stops_at_once() {
    let Some(relay) = FaultyRelay::start(Script::new().greylist(Duration::from_secs(3600))) else {
        return;
    };
    let campaign = Campaign::new(2);
    let mut child = spawn(campaign.send_to(&relay.url(), &["--retry-base", "10min"]));
    assert!(eventually(Duration::from_secs(30), || {
        (0..2).all(|n| !relay.rcpt_attempts(&address(n)).is_empty())
    }));
    signal(&child, "INT");
    // The retries are ten minutes away and the grace period is 30 s: only a run that stops
    // at once ends within this deadline.
    let ended = eventually(Duration::from_secs(20), || {
        child.try_wait().ok().flatten().is_some()
    });
    if !ended {
        let _ = child.kill();
    }
    let output = child.wait_with_output().expect("missive ends");
    assert!(ended, "still running 20 s after Ctrl-C: {}", text(&output));
    let said = text(&output);
    assert!(said.contains("none is being sent right now"), "{said}");
    assert_eq!(campaign.statuses().get("deferred"), Some(&2), "{said}");
}

/// A relay taking one recipient per transaction answers the second RCPT `452 too many
/// recipients`: the message goes to the first, and at once to the other in a transaction
/// of its own; each gets it once. The relay's limit is learned: the next row's addresses go
/// one per transaction from the start, without another 452.
#[test]
fn too_many_recipients_sends_the_rest_in_a_transaction_of_their_own() {
    let Some(relay) = FaultyRelay::start(Script::new().too_many_recipients(1)) else {
        return;
    };
    let campaign = with_cc();
    campaign.write(
        "liste.csv",
        "nom;email;adjoint\nDirectrice;dir@ac-lille.example;adj@ac-lille.example\nDirecteur;dir2@ac-lille.example;adj2@ac-lille.example\n",
    );
    let output = send(&campaign, &relay, &["--concurrency", "1"]);
    assert_exit(&output, 0);
    let received = relay.received();
    let envelopes: Vec<Vec<String>> = received.iter().map(|m| m.rcpt_to.clone()).collect();
    assert_eq!(
        envelopes,
        [
            ["dir@ac-lille.example"],
            ["adj@ac-lille.example"],
            ["dir2@ac-lille.example"],
            ["adj2@ac-lille.example"]
        ],
        "{}",
        text(&output)
    );
    let refusals = relay
        .events()
        .iter()
        .filter(|e| e.verb == "RCPT" && e.code == Some(452))
        .count();
    assert_eq!(refusals, 1, "the limit was learned at the first 452");
}

/// An address with accents before the @ goes only through a relay that announces SMTPUTF8
/// (MAIL then says `SMTPUTF8`); through another it fails in plain words, and the message
/// still goes to everyone else.
#[test]
fn a_non_ascii_local_part_needs_a_relay_offering_smtputf8() {
    for offered in [true, false] {
        let Some(relay) = FaultyRelay::start(Script::new().smtputf8(offered)) else {
            return;
        };
        let campaign = Campaign::new(0);
        campaign.write(
            "liste.csv",
            "nom;email\nÉlodie;élodie@ac-lille.example\nPaul;paul@ac-lille.example\n",
        );
        let output = send(&campaign, &relay, &[]);
        let received = relay.received();
        let to: Vec<String> = received.iter().flat_map(|m| m.rcpt_to.clone()).collect();
        if offered {
            assert_exit(&output, 0);
            assert!(
                to.contains(&"élodie@ac-lille.example".to_string()),
                "{to:?}"
            );
            let elodie = received
                .iter()
                .find(|m| m.rcpt_to[0].starts_with("élodie"))
                .expect("received");
            assert!(elodie.mail_options.contains(&"SMTPUTF8".to_string()));
            let paul = received
                .iter()
                .find(|m| m.rcpt_to[0].starts_with("paul"))
                .expect("received");
            assert!(!paul.mail_options.contains(&"SMTPUTF8".to_string()));
        } else {
            assert_exit(&output, 3);
            assert_eq!(to, ["paul@ac-lille.example"], "{}", text(&output));
            let said = text(&output);
            assert!(said.contains("does not offer SMTPUTF8"), "{said}");
            assert!(
                said.contains("ask this person for another address"),
                "{said}"
            );
        }
    }
}

/// Two relays of a pool both greylisting: a recipient's 451 says nothing of the relay, so
/// neither leaves the rotation, and every recipient gets the message once, in the run.
#[test]
fn greylisting_keeps_a_pools_relays_in_rotation() {
    let script = || Script::new().greylist(Duration::from_secs(1));
    let (Some(a), Some(b)) = (FaultyRelay::start(script()), FaultyRelay::start(script())) else {
        return;
    };
    let campaign = pool_of(10, "", &[&a, &b]);
    let output = run(campaign.missive(&["send", "--yes", "--retry-base", "2s"]));
    assert_exit(&output, 0);
    let said = text(&output);
    assert!(!said.contains("out of rotation"), "{said}");
    let mut to: Vec<String> = a
        .received()
        .into_iter()
        .chain(b.received())
        .flat_map(|m| m.rcpt_to)
        .collect();
    to.sort();
    let expected: Vec<String> = (0..10).map(address).collect();
    assert_eq!(to, expected);
    assert!(!a.received().is_empty() && !b.received().is_empty());
}

/// A Cc the relay keeps deferring (451) while the To is taken: the To gets the message once,
/// and each retry goes to the Cc alone; past the horizon the Cc stays `deferred` in the
/// report, the To `sent`.
#[test]
fn a_deferred_cc_is_retried_alone_and_the_to_gets_it_once() {
    let Some(relay) = FaultyRelay::start(Script::new().refuse_rcpt(
        "adj@ac-lille.example",
        451,
        "4.2.2 mailbox over quota",
    )) else {
        return;
    };
    let campaign = with_cc();
    campaign.write(
        "liste.csv",
        "nom;email;adjoint\nDirectrice;dir@ac-lille.example;adj@ac-lille.example\n",
    );
    let output = send(
        &campaign,
        &relay,
        &["--retry-base", "200ms", "--retry-for", "2s"],
    );
    assert_exit(&output, 3);
    let envelopes: Vec<Vec<String>> = relay.received().iter().map(|m| m.rcpt_to.clone()).collect();
    assert_eq!(envelopes, [["dir@ac-lille.example"]], "{}", text(&output));
    let cc_tries = relay.rcpt_attempts("adj@ac-lille.example").len();
    let to_tries = relay.rcpt_attempts("dir@ac-lille.example").len();
    assert!(cc_tries >= 3, "the Cc was retried: {cc_tries}");
    assert_eq!(to_tries, 1, "the To was never tried again");
    let report = campaign.report();
    let status_of = |address: &str| {
        report
            .iter()
            .find(|line| line["to"].as_str().is_some_and(|to| to.contains(address)))
            .map(|line| line["status"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(status_of("dir@").as_deref(), Some("sent"), "{report:?}");
    assert_eq!(status_of("adj@").as_deref(), Some("deferred"), "{report:?}");
}
