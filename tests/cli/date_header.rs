//! The Date header of a sent message is the time it was handed to the relay, not the time
//! the run started: a run that waits for its rate (or its sending window) would otherwise
//! date its later messages in the past, which spam filters score. What was reviewed is
//! still what is sent, Date aside.

use std::path::Path;
use std::time::UNIX_EPOCH;

use crate::harness::{Campaign, Received, SmtpServer, assert_exit, run};

/// The message's Date, in seconds since 1970.
fn date_of(message: &Received) -> i64 {
    message
        .parsed()
        .date()
        .expect("a Date header that parses")
        .to_timestamp()
}

/// When the server had the message, in seconds since 1970.
fn arrival_of(message: &Received) -> i64 {
    let since = message
        .arrived
        .duration_since(UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(since.as_secs()).expect("a time of our era")
}

/// The `.eml` the preview in `dir` wrote for the message with `message_id`.
fn previewed(dir: &Path, message_id: &str) -> Vec<u8> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("the manifest"))
            .expect("JSON");
    let entry = manifest["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .find(|e| e["message_id"] == message_id)
        .expect("every sent message was previewed");
    std::fs::read(dir.join(entry["file"].as_str().expect("its file"))).expect("the .eml")
}

#[test]
fn each_message_is_dated_when_it_is_handed_to_the_relay_and_is_the_one_reviewed() {
    let campaign = Campaign::new(3);
    let server = SmtpServer::builder().start();
    let preview = run(campaign.missive(&["preview", "--out", "revue"]));
    assert_exit(&preview, 0);
    let approve = ["approve", "revue", "--by", "Marie Dupont"];
    assert_exit(&run(campaign.missive(&approve)), 0);

    // One message every 2 seconds: the last leaves about 4 seconds after the first.
    let sent = run(campaign.send(&server, &["--rate", "30/min", "--reviewed", "revue"]));
    assert_exit(&sent, 0);
    let received = server.messages();
    assert_eq!(received.len(), 3);

    let mut dates = Vec::new();
    for message in &received {
        let (date, arrival) = (date_of(message), arrival_of(message));
        // Dated to the second, a moment before it arrived.
        assert!(
            (0..=2).contains(&(arrival - date)),
            "dated {date}, arrived {arrival}"
        );
        dates.push(date);
    }
    assert!(
        dates.windows(2).all(|pair| pair[0] < pair[1]),
        "each message has its own time: {dates:?}"
    );

    for message in &received {
        let parsed = message.parsed();
        let message_id = format!("<{}>", parsed.message_id().expect("a Message-ID"));
        let eml = previewed(&campaign.path().join("revue"), &message_id);
        // The preview has a Date too: the time of the preview.
        let preview_date = crate::harness::parse_mime(&eml)
            .date()
            .expect("the preview's Date")
            .to_timestamp();
        assert!(preview_date <= date_of(message));
        assert_eq!(
            missive::compose::without_date(&message.data),
            missive::compose::without_date(&eml),
            "what was reviewed is what was sent, Date aside"
        );
    }
}
