//! `missive serve` sends as `missive send` would with no flag typed: the environment's relay
//! (`MISSIVE_SMTP_URL`) before campaign.toml's, on the Send page and for a test send.

use crate::harness::{SmtpServer, missive};
use crate::serve::Served;
use crate::serve_send::{ended, open, poll_until, sample_to_url, start};

#[test]
fn the_relay_named_by_the_environment_is_the_one_the_page_sends_through() {
    let relay = SmtpServer::builder().start();
    // campaign.toml names a relay that takes nothing: a send through it would fail.
    let campaign = sample_to_url("smtp://127.0.0.1:9", "unlimited", "");
    let mut command = missive(campaign.path());
    command.env("MISSIVE_SMTP_URL", relay.url());
    let served = Served::start(command, &[]);
    let (cookie, token) = open(&served);
    let page = served.get("/send", Some(&cookie)).body;
    assert!(
        page.contains(&relay.url()),
        "the plan names {}: {page}",
        relay.url()
    );
    assert!(!page.contains("127.0.0.1:9 "), "{page}");

    start(&served, &cookie, &token, "12", &[]);
    let end = poll_until(&served, &cookie, ended);
    assert_eq!(end["of"], "12 of 12", "{end}");
    assert_eq!(relay.messages().len(), 12);
    // What the run said as it started is the page's words too.
    let said = end["said"].to_string();
    assert!(said.contains("on the Review page"), "{said}");
    assert!(!said.contains("--reviewed"), "{said}");
}
