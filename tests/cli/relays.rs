//! Several relays in one run (`[[smtp.relay]]`), against real SMTP servers on loopback:
//! the split by weight as the servers counted it, a relay refusing connections or answering
//! 421 taken out while the others carry its share (every recipient received exactly once
//! across the servers), a refused login stopping the run before anything is sent, the
//! counts per relay in the summary, `status` and `report`, an old journal given the
//! `relay` column, and configuration errors naming the file and the entry.
//!
//! Nothing sleeps and nothing is timed: the tests wait for the process and count what each
//! server received.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::harness::{
    Campaign, Event, PASSWORD, SmtpServer, TestCa, assert_exit, doubles, free_port,
    received_per_recipient, run, text,
};

/// `smtp://127.0.0.1:PORT` where nothing listens: connections are refused.
fn dead_relay() -> String {
    format!("smtp://127.0.0.1:{}", free_port())
}

/// campaign.toml naming the campaign's files, then `relays` as `[[smtp.relay]]` entries,
/// each `(url, extra lines)`.
fn with_relays(campaign: &Campaign, relays: &[(&str, &str)]) {
    let mut toml =
        String::from("id = \"rentree\"\ntemplate = \"message.md\"\nrecipients = \"liste.csv\"\n");
    for (url, extra) in relays {
        let _ = write!(toml, "\n[[smtp.relay]]\nurl = \"{url}\"\n{extra}");
    }
    campaign.write("campaign.toml", &toml);
}

/// `missive send --yes` with the campaign's own relays, retrying quickly.
fn send(campaign: &Campaign) -> std::process::Output {
    run(campaign.missive(&["send", "--yes", "--retry-base", "10ms"]))
}

/// Every recipient of a list of `rows`, each received exactly once across `servers`.
fn assert_each_once(rows: usize, servers: &[&SmtpServer]) {
    let mut all: BTreeMap<String, usize> = BTreeMap::new();
    for server in servers {
        for (to, n) in received_per_recipient(server) {
            *all.entry(to).or_default() += n;
        }
    }
    assert_eq!(all.len(), rows, "every recipient received it");
    assert!(doubles(&all).is_empty(), "doubles: {:?}", doubles(&all));
}

/// The `relay` column of `report --format csv`, counted.
fn report_relays(campaign: &Campaign) -> BTreeMap<String, usize> {
    let output = run(campaign.missive(&["report", "--format", "csv"]));
    assert!(output.status.success(), "{}", text(&output));
    let mut csv = csv::Reader::from_reader(output.stdout.as_slice());
    let column = csv
        .headers()
        .expect("a header")
        .iter()
        .position(|name| name == "relay")
        .expect("a relay column");
    let mut counts = BTreeMap::new();
    for record in csv.records() {
        let record = record.expect("a CSV line");
        let relay = record.get(column).unwrap_or_default().to_string();
        *counts.entry(relay).or_default() += 1;
    }
    counts
}

#[test]
fn weights_two_to_one_split_three_hundred_messages_two_hundred_and_one_hundred() {
    let rows = 300;
    let campaign = Campaign::new(rows);
    let heavy = SmtpServer::builder().start();
    let light = SmtpServer::builder().start();
    with_relays(
        &campaign,
        &[
            (&heavy.url(), "weight = 2\nconcurrency = 2\n"),
            (&light.url(), "concurrency = 1\n"),
        ],
    );
    let sent = send(&campaign);
    let output = text(&sent);
    assert_eq!(sent.status.code(), Some(0), "{output}");
    assert_eq!(heavy.messages().len(), 200, "{output}");
    assert_eq!(light.messages().len(), 100, "{output}");
    assert_each_once(rows, &[&heavy, &light]);
    assert!(light.peak_sessions() <= 1, "its own concurrency");

    // The summary, `report` and `status` count per relay, with no credentials.
    for (server, count) in [(&heavy, 200), (&light, 100)] {
        let line = format!("{}: sent {count}, refused 0", server.url());
        assert!(output.contains(&line), "`{line}` in:\n{output}");
    }
    let relays = report_relays(&campaign);
    assert_eq!(relays.get(&heavy.url()), Some(&200), "{relays:?}");
    assert_eq!(relays.get(&light.url()), Some(&100), "{relays:?}");
    let status = text(&run(campaign.missive(&["status"])));
    assert!(status.contains("per relay:"), "{status}");
    assert!(
        status.contains(&format!("{}: sent 100", light.url())),
        "{status}"
    );
}

#[test]
fn a_relay_refusing_connections_is_taken_out_and_the_others_carry_its_share() {
    let rows = 60;
    let campaign = Campaign::new(rows);
    let one = SmtpServer::builder().start();
    let two = SmtpServer::builder().start();
    let dead = dead_relay();
    with_relays(
        &campaign,
        &[(&one.url(), ""), (&dead, ""), (&two.url(), "")],
    );
    let sent = send(&campaign);
    let output = text(&sent);
    assert_eq!(sent.status.code(), Some(0), "{output}");
    assert!(
        output.contains(&format!("the relay {dead} is out of rotation")),
        "{output}"
    );
    assert_each_once(rows, &[&one, &two]);
    let share = one.messages().len();
    assert!(
        (rows / 2 - 2..=rows / 2 + 2).contains(&share),
        "the two left share by weight: {share} of {rows}"
    );
    let relays = report_relays(&campaign);
    assert_eq!(relays.get(&dead), None, "{relays:?}");
    assert_eq!(relays.values().sum::<usize>(), rows);
}

#[test]
fn a_relay_answering_421_is_taken_out_and_nothing_is_lost_or_doubled() {
    let rows = 40;
    let campaign = Campaign::new(rows);
    let good = SmtpServer::builder().start();
    let busy = SmtpServer::builder()
        .script(|event| match event {
            Event::Rcpt { .. } => Some((421, "4.3.2 too busy, closing".into())),
            _ => None,
        })
        .start();
    with_relays(&campaign, &[(&good.url(), ""), (&busy.url(), "")]);
    let sent = send(&campaign);
    let output = text(&sent);
    assert_eq!(sent.status.code(), Some(0), "{output}");
    assert!(output.contains("out of rotation"), "{output}");
    assert!(busy.messages().is_empty());
    assert_each_once(rows, &[&good, &busy]);
    // Every message went out through the good relay in the end, including those the busy
    // one deferred first: they were tried again on the good one.
    let relays = report_relays(&campaign);
    assert_eq!(relays.get(&good.url()), Some(&rows), "{relays:?}");
    let retried = campaign
        .report()
        .iter()
        .filter(|line| line["attempts"].as_u64() > Some(1))
        .count();
    assert!(retried > 0, "a deferred message was retried elsewhere");
    assert!(
        output.contains(&format!("{}: sent {rows}, refused 0", good.url())),
        "{output}"
    );
}

#[test]
fn every_relay_out_stops_the_run_with_exit_4_naming_each() {
    let campaign = Campaign::new(10);
    let first = dead_relay();
    let second = dead_relay();
    with_relays(&campaign, &[(&first, ""), (&second, "")]);
    let sent = send(&campaign);
    let output = text(&sent);
    assert_eq!(sent.status.code(), Some(4), "{output}");
    assert!(
        output.contains("every relay is out of rotation"),
        "{output}"
    );
    assert!(
        output.contains(&first) && output.contains(&second),
        "{output}"
    );
    // Nothing was sent and nothing is lost: the next run sends them all.
    let status = text(&run(campaign.missive(&["status"])));
    assert!(status.contains("pending    10"), "{status}");
}

#[test]
fn a_refused_login_on_one_relay_stops_before_anything_is_sent() {
    let campaign = Campaign::new(10);
    let ca = TestCa::new(campaign.path());
    let secured = SmtpServer::builder()
        .starttls(&ca)
        .auth("ien.lille-1", PASSWORD)
        .start();
    let open = SmtpServer::builder().start();
    let secured_url = format!("smtp://127.0.0.1:{}?tls=required", secured.addr().port());
    let login = format!(
        "username = \"ien.lille-1\"\npassword_command = \"echo not-the-password\"\nca_file = \"{}\"\n",
        ca.ca_file().display()
    );
    with_relays(&campaign, &[(&open.url(), ""), (&secured_url, &login)]);
    let sent = send(&campaign);
    let output = text(&sent);
    assert_eq!(sent.status.code(), Some(4), "{output}");
    assert!(output.contains("[[smtp.relay]] #2"), "{output}");
    assert!(output.contains("refused the login"), "{output}");
    assert!(!output.contains("not-the-password"), "{output}");
    assert!(
        open.messages().is_empty(),
        "nothing sent through the other relay"
    );
    assert!(secured.messages().is_empty());
}

#[test]
fn smtp_on_the_command_line_replaces_the_pool() {
    let rows = 8;
    let campaign = Campaign::new(rows);
    let pooled = SmtpServer::builder().start();
    let chosen = SmtpServer::builder().start();
    with_relays(&campaign, &[(&pooled.url(), ""), (&dead_relay(), "")]);
    let sent = run(campaign.send(&chosen, &[]));
    assert_exit(&sent, 0);
    assert_eq!(chosen.messages().len(), rows);
    assert!(pooled.messages().is_empty());
}

/// `[[smtp.relay]]` entries as `with_relays` writes them.
type Relays<'a> = &'a [(&'a str, &'a str)];

#[test]
fn configuration_errors_name_the_file_the_entry_and_the_fix() {
    let campaign = Campaign::new(2);
    let relay = "smtp://127.0.0.1:2525";
    // The relays written, the entry the error names, and a word of the fix it gives.
    let cases: [(Relays<'_>, &str, &str); 4] = [
        (
            &[(relay, ""), (relay, "weight = 0\n")],
            "campaign.toml: [[smtp.relay]] #2",
            "give it 1 or more",
        ),
        (
            &[(relay, "password = \"hunter2\"\n")],
            "campaign.toml: [[smtp.relay]] #1",
            "password_command",
        ),
        (
            &[(relay, ""), (relay, "rate = \"fast\"\n")],
            "campaign.toml: [[smtp.relay]] #2",
            "30/min",
        ),
        (
            &[(relay, ""), ("ftp://127.0.0.1", "")],
            "campaign.toml: [[smtp.relay]] #2",
            "smtps://",
        ),
    ];
    for (relays, entry, fix) in cases {
        with_relays(&campaign, relays);
        let sent = send(&campaign);
        let output = text(&sent);
        assert_eq!(sent.status.code(), Some(1), "{output}");
        assert!(output.contains(entry), "`{entry}` in {output}");
        assert!(output.contains(fix), "`{fix}` in {output}");
        assert!(!output.contains("hunter2"), "{output}");
    }
    campaign.write(
        "campaign.toml",
        "template = \"message.md\"\nrecipients = \"liste.csv\"\n[smtp]\nurl = \"smtp://127.0.0.1:2525\"\n[[smtp.relay]]\nurl = \"smtp://127.0.0.1:2526\"\n",
    );
    let output = text(&send(&campaign));
    assert!(
        output.contains("campaign.toml: [smtp] sets `url`"),
        "{output}"
    );
    campaign.write(
        "campaign.toml",
        "template = \"message.md\"\nrecipients = \"liste.csv\"\n[[smtp.relay]]\nweight = 2\n",
    );
    let output = text(&send(&campaign));
    assert!(output.contains("[[smtp.relay]] #1: no `url`"), "{output}");
}

#[test]
fn an_old_journal_without_the_relay_column_is_read_then_extended() {
    let campaign = Campaign::new(3);
    let journal = campaign.journal();
    std::fs::create_dir_all(journal.parent().expect("a folder")).expect("journal folder");
    // The schema of the journals written before relays were recorded, one row sent.
    let old = rusqlite::Connection::open(&journal).expect("an old journal");
    old.execute_batch(include_str!("../fixtures/journal/schema-before-relay.sql"))
        .expect("the old schema");
    old.execute(
        "INSERT INTO recipients VALUES ('ce.0000000@ac-lille.example', 0, 'liste.csv:2',
             'Directrice 0 <ce.0000000@ac-lille.example>', '<old@missive>', 'sent', 1, 250,
             'ok', NULL, 0, 0)",
        [],
    )
    .expect("one row sent");
    drop(old);

    let relays = report_relays(&campaign);
    assert_eq!(relays.get(""), Some(&1), "{relays:?}");
    let server = SmtpServer::builder().start();
    let sent = run(campaign.send(&server, &[]));
    assert_exit(&sent, 0);
    assert_eq!(
        server.messages().len(),
        2,
        "the one sent before is not sent again"
    );
    let relays = report_relays(&campaign);
    assert_eq!(relays.get(&server.url()), Some(&2), "{relays:?}");
    assert_eq!(relays.get(""), Some(&1), "the old row keeps no relay");
}

#[test]
fn a_profile_pool_serves_a_campaign_that_names_it() {
    let rows = 9;
    let campaign = Campaign::new(rows);
    let one = SmtpServer::builder().start();
    let two = SmtpServer::builder().start();
    let config = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(config.path().join("missive")).expect("config folder");
    std::fs::write(
        config.path().join("missive/config.toml"),
        format!(
            "[profile.academie]\n[[profile.academie.relay]]\nurl = \"{}\"\nweight = 2\n[[profile.academie.relay]]\nurl = \"{}\"\n",
            one.url(),
            two.url()
        ),
    )
    .expect("config.toml");
    campaign.write(
        "campaign.toml",
        "profile = \"academie\"\ntemplate = \"message.md\"\nrecipients = \"liste.csv\"\n",
    );
    let mut command = campaign.missive(&["send", "--yes"]);
    command.env("XDG_CONFIG_HOME", config.path());
    let sent = run(command);
    assert_exit(&sent, 0);
    assert_eq!((one.messages().len(), two.messages().len()), (6, 3));
    assert_each_once(rows, &[&one, &two]);
}
