//! `missive serve` with a mailbox that shares the relay's login, as a school head's webmail
//! does: the password typed in the Send page logs in to the relay and to the mailbox, where
//! each message sent gets its copy in Sent (a private Dovecot; the SMTP test server).

use crate::harness::{Dovecot, IMAP_PASSWORD, IMAP_USER, missive};
use crate::serve::Served;
use crate::serve_send::{ended, open, poll_until, sample_with_login, start};

#[test]
fn the_password_typed_in_the_page_keeps_the_copies_in_sent_too() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    // One login for both, given in [smtp]; [imap] names its server and certificate only.
    let (_ca, relay, campaign) = sample_with_login(IMAP_USER, IMAP_PASSWORD);
    let file = campaign.path().join("campaign.toml");
    let text = std::fs::read_to_string(&file).expect("campaign.toml");
    std::fs::write(
        &file,
        format!(
            "{text}\n[imap]\nurl = \"{}\"\nca_file = \"{}\"\nsave_sent = \"each\"\n",
            dovecot.imaps_url(),
            dovecot.ca_file().display()
        ),
    )
    .expect("campaign.toml");
    let mut command = missive(campaign.path());
    command
        .env_remove("MISSIVE_SMTP_PASSWORD")
        .env_remove("MISSIVE_IMAP_PASSWORD");
    let served = Served::start(command, &[]);
    let (cookie, token) = open(&served);

    start(
        &served,
        &cookie,
        &token,
        "12",
        &[("password", IMAP_PASSWORD)],
    );
    let end = poll_until(&served, &cookie, ended);
    assert_eq!(end["of"], "12 of 12", "{end}");
    assert_eq!(relay.messages().len(), 12);
    let said = end["said"].to_string();
    assert!(!said.contains("no copy"), "{said}");
    assert_eq!(dovecot.messages("Sent").len(), 12, "{said}");
}
