//! `--shard I/N` and the merged journals: N shards partition the list exactly, each sends its
//! share through a real SMTP server on loopback with its own journal, and `status` / `report`
//! given every journal see the whole campaign, flagging a recipient held by two of them.

use std::collections::BTreeSet;

use crate::harness::{
    Campaign, SmtpServer, address, assert_exit, doubles, received_per_recipient, report_lines, run,
    text,
};

const ROWS: usize = 90;
const SHARDS: usize = 3;

/// The count `check --shard` prints: `shard 2/3: 31 messages ready, …`.
fn checked_count(campaign: &Campaign, shard: &str) -> usize {
    let output = run(campaign.missive(&["check", "--shard", shard]));
    assert!(output.status.success(), "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let prefix = format!("shard {shard}: ");
    let line = stdout
        .lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no `{prefix}` line in {stdout}"));
    line.split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count")
}

fn report(campaign: &Campaign, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["report", "--format", "jsonl"];
    all.extend_from_slice(args);
    report_lines(campaign.missive(&all))
}

fn journal_args(campaign: &Campaign) -> Vec<String> {
    (1..=SHARDS)
        .flat_map(|i| {
            let path = campaign
                .path()
                .join(format!(".missive/journal-shard-{i}-of-{SHARDS}.sqlite"));
            ["--journal".to_string(), path.display().to_string()]
        })
        .collect()
}

#[test]
fn three_shards_send_every_recipient_exactly_once_and_report_merges_their_journals() {
    let campaign = Campaign::new(ROWS);
    let counts: Vec<usize> = (1..=SHARDS)
        .map(|i| checked_count(&campaign, &format!("{i}/{SHARDS}")))
        .collect();
    assert_eq!(counts.iter().sum::<usize>(), ROWS, "{counts:?}");
    assert!(counts.iter().all(|&n| n > 0), "{counts:?}");

    let server = SmtpServer::builder().start();
    let mut by_shard: Vec<BTreeSet<String>> = Vec::new();
    for (i, expected) in (1..=SHARDS).zip(&counts) {
        let before: BTreeSet<String> = received_per_recipient(&server).into_keys().collect();
        let shard = format!("{i}/{SHARDS}");
        let output = run(campaign.send(&server, &["--shard", &shard, "--rate", "unlimited"]));
        assert_exit(&output, 0);
        let after: BTreeSet<String> = received_per_recipient(&server).into_keys().collect();
        let sent: BTreeSet<String> = after.difference(&before).cloned().collect();
        assert_eq!(
            sent.len(),
            *expected,
            "shard {shard} sends what check counted"
        );
        by_shard.push(sent);

        // The shard's own journal holds its recipients only: the others are not recorded,
        // neither as failed nor as skipped.
        let journal = campaign
            .path()
            .join(format!(".missive/journal-shard-{i}-of-{SHARDS}.sqlite"));
        let lines = report(&campaign, &["--journal", &journal.display().to_string()]);
        assert_eq!(lines.len(), *expected);
        assert!(lines.iter().all(|l| l["status"] == "sent"), "{lines:?}");
    }
    let received = received_per_recipient(&server);
    assert_eq!(doubles(&received), []);
    let everyone: BTreeSet<String> = (0..ROWS).map(address).collect();
    assert_eq!(received.into_keys().collect::<BTreeSet<_>>(), everyone);
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
        assert!(by_shard[a].is_disjoint(&by_shard[b]), "shards {a} and {b}");
    }
    assert!(
        !campaign.journal().exists(),
        "no shard writes the default journal"
    );

    // Running a shard again sends nothing more.
    let again = run(campaign.send(&server, &["--shard", "2/3"]));
    assert_exit(&again, 0);
    assert_eq!(server.messages().len(), ROWS);

    // One report of the three journals: every recipient once, each line naming its journal.
    let journals = journal_args(&campaign);
    let args: Vec<&str> = journals.iter().map(String::as_str).collect();
    let lines = report(&campaign, &args);
    assert_eq!(lines.len(), ROWS);
    for (i, expected) in (1..=SHARDS).zip(&counts) {
        let name = format!("journal-shard-{i}-of-{SHARDS}.sqlite");
        let from_it = lines
            .iter()
            .filter(|l| l["journal"].as_str().is_some_and(|j| j.ends_with(&name)))
            .count();
        assert_eq!(from_it, *expected, "{name}");
    }
    assert!(lines.iter().all(|l| l["also_in"] == ""), "{lines:?}");
    let csv = run(campaign.missive(&[&["report"][..], &args].concat()));
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    assert!(
        csv.starts_with(
            "journal,row,to,status,code,reply,message_id,attempts,time,relay,also_in\n"
        ),
        "{csv}"
    );

    // `status` sums them.
    let status = run(campaign.missive(&[&["status"][..], &args].concat()));
    let status = text(&status);
    assert!(
        status.contains(&format!("`{SHARDS}` journals: `{ROWS}` recipients in all")),
        "{status}"
    );
    assert!(status.contains(&format!("sent       {ROWS}")), "{status}");
    assert!(!status.contains("more than one journal"), "{status}");
}

#[test]
fn a_recipient_in_two_journals_is_flagged_by_report_and_status() {
    let campaign = Campaign::new(20);
    let server = SmtpServer::builder().start();
    // Shard 1 of 2, then the whole list into the default journal: shard 1's recipients are
    // in both journals, and got the message twice.
    let first = run(campaign.send(&server, &["--shard", "1/2", "--rate", "unlimited"]));
    assert_exit(&first, 0);
    let whole = run(campaign.send(&server, &["--rate", "unlimited"]));
    assert_exit(&whole, 0);
    let twice = doubles(&received_per_recipient(&server)).len();
    assert!(twice > 0);

    let shard = campaign.path().join(".missive/journal-shard-1-of-2.sqlite");
    let default = campaign.journal();
    let journals = [
        "--journal",
        &shard.display().to_string(),
        "--journal",
        &default.display().to_string(),
    ]
    .map(str::to_string);
    let args: Vec<&str> = journals.iter().map(String::as_str).collect();
    let output = run(campaign.missive(&[&["report", "--format", "jsonl"][..], &args].concat()));
    assert!(output.status.success(), "{}", text(&output));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        stderr.contains(&format!("`{}` lines", twice * 2)),
        "{stderr}"
    );
    let flagged: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("JSON"))
        .filter(|line| line["also_in"] != "")
        .collect();
    assert_eq!(flagged.len(), twice * 2);

    let status = text(&run(campaign.missive(&[&["status"][..], &args].concat())));
    assert!(
        status.contains(&format!(
            "`{twice}` {} in more than one journal",
            if twice == 1 {
                "recipient is"
            } else {
                "recipients are"
            }
        )),
        "{status}"
    );
}

#[test]
fn a_malformed_shard_is_refused_with_the_form_to_use() {
    let campaign = Campaign::new(3);
    for bad in ["0/3", "4/3", "2"] {
        let output = run(campaign.missive(&["check", "--shard", bad]));
        assert_exit(&output, 2);
        assert!(text(&output).contains("--shard 2/3"), "{}", text(&output));
    }
}

#[test]
fn a_shard_sends_what_its_own_preview_showed() {
    let campaign = Campaign::new(12);
    let server = SmtpServer::builder().start();
    let preview = run(campaign.missive(&["preview", "--shard", "2/2", "--out", "revue-2"]));
    assert!(preview.status.success(), "{}", text(&preview));
    let approve = [
        "approve",
        "revue-2",
        "--by",
        "Marie Dupont",
        "--shard",
        "2/2",
    ];
    assert_exit(&run(campaign.missive(&approve)), 0);
    let count = checked_count(&campaign, "2/2");
    let sent = run(campaign.send(&server, &["--shard", "2/2", "--reviewed", "revue-2"]));
    assert_exit(&sent, 0);
    assert_eq!(server.messages().len(), count);
    // The other shard's preview is not this one's.
    let other = run(campaign.send(&server, &["--shard", "1/2", "--reviewed", "revue-2"]));
    assert_ne!(other.status.code(), Some(0), "{}", text(&other));
    assert_eq!(server.messages().len(), count);
}
