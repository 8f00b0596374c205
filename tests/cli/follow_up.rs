//! Follow-up campaigns (`follow_up = "PATH"`): a first campaign sent to a real SMTP server,
//! then a reminder whose messages thread under it (`In-Reply-To`, `References`, read back
//! with mail-parser) for the recipients of both, and not for a new one; `--where` on what
//! became of the first messages (`previous.status`, and `previous.read` once `missive
//! collect` read a real read receipt and a real bounce from a private Dovecot); the
//! refusals, in plain words naming campaign.toml's line.

use std::collections::HashMap;

use crate::harness::{
    Campaign, Dovecot, IMAP_PASSWORD, SmtpServer, address, assert_exit, run, text,
};
use crate::mailbox::{missive_with, report_for, with_mailbox};

/// A reminder campaign following up `earlier` (named as `../FOLDER`, as a person writes it)
/// to the heads of `list` (`nom;email` lines).
fn reminder_of(earlier: &Campaign, list: &str) -> Campaign {
    let reminder = Campaign::new(0);
    let folder = earlier.path().file_name().expect("a folder name");
    reminder.write(
        "campaign.toml",
        format!(
            "id = \"rappel\"\ntemplate = \"message.md\"\nrecipients = \"liste.csv\"\nfollow_up = \"../{}\"\n",
            folder.to_string_lossy()
        ),
    );
    reminder.write("liste.csv", format!("nom;email\n{list}"));
    reminder
}

/// How many rows of `campaign` `missive check --where CONDITION` keeps, as it says it
/// (`2 of 3` of `2 of 3 rows match the filter …`); the check must pass.
fn matching(campaign: &Campaign, condition: &str) -> String {
    let checked = run(campaign.missive(&["check", "--where", condition]));
    assert_exit(&checked, 0);
    let said = text(&checked);
    let end = format!(" the filter `--where {condition}`");
    said.lines()
        .find_map(|line| line.trim().strip_suffix(&end))
        .and_then(|line| line.split(" row").next())
        .unwrap_or_else(|| panic!("{said}"))
        .to_string()
}

/// The Message-ID (without angle brackets, as mail-parser reads it) of each message
/// `server` received, by its first envelope address in lower case.
fn ids_by_address(server: &SmtpServer) -> HashMap<String, String> {
    server
        .messages()
        .iter()
        .map(|message| {
            let id = message
                .parsed()
                .message_id()
                .expect("a Message-ID")
                .to_string();
            (message.rcpt_to[0].to_lowercase(), id)
        })
        .collect()
}

#[test]
fn reminders_thread_under_the_circular_for_its_recipients_and_not_for_a_new_one() {
    let server = SmtpServer::builder().start();
    let circular = Campaign::new(2);
    assert_exit(&run(circular.send(&server, &["--rate", "unlimited"])), 0);
    let circular_ids = ids_by_address(&server);
    assert_eq!(circular_ids.len(), 2);

    // The reminder's list writes the first head's address in capitals, and adds a head.
    let reminder = reminder_of(
        &circular,
        &format!(
            "Directrice 0;{}\nDirectrice 1;{}\nDirectrice 2;{}\n",
            address(0).to_uppercase(),
            address(1),
            address(2)
        ),
    );
    assert_eq!(matching(&reminder, "previous.status == \"sent\""), "2 of 3");
    assert_eq!(
        matching(&reminder, "not previous"),
        "1 of 3",
        "the new head"
    );

    // Reviewed, then sent: what was previewed carries the same headers.
    assert_exit(&run(reminder.missive(&["preview", "--out", "revue"])), 0);
    let approve = ["approve", "revue", "--by", "Marie Dupont"];
    assert_exit(&run(reminder.missive(&approve)), 0);
    let reminders = SmtpServer::builder().start();
    let sent = run(reminder.send(&reminders, &["--reviewed", "revue", "--rate", "unlimited"]));
    assert_exit(&sent, 0);
    let received = reminders.messages();
    assert_eq!(received.len(), 3, "{}", text(&sent));
    for message in &received {
        let to = message.rcpt_to[0].to_lowercase();
        let parsed = message.parsed();
        let threading = (
            parsed.in_reply_to().as_text().map(str::to_owned),
            parsed.references().as_text().map(str::to_owned),
        );
        if let Some(id) = circular_ids.get(&to) {
            assert_eq!(threading, (Some(id.clone()), Some(id.clone())), "{to}");
        } else {
            assert_eq!(to, address(2));
            assert_eq!(threading, (None, None), "a new head answers nothing");
        }
    }
}

#[test]
fn where_selects_on_the_read_receipts_and_bounces_collect_recorded() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let server = SmtpServer::builder().start();
    // The addresses the report fixtures name: a bounce, a read receipt, and a quiet head.
    let (bounced, read, quiet) = (
        "ce.0599999z@ac-lille.example",
        "ce.0594112k@ac-lille.example",
        "ce.0591234a@ac-lille.example",
    );
    let heads = format!("Hélène Lefèvre;{bounced}\nPaul Martin;{read}\nAnne Roussel;{quiet}\n");
    let circular = with_mailbox(0, &dovecot, "none");
    circular.template("Bonjour {{ nom }},\n\nla rentrée numérique a lieu lundi.\n");
    circular.write("liste.csv", format!("nom;email\n{heads}"));
    let url = server.url();
    let sent = missive_with(&circular, &["send", "--yes", "--smtp", &url], IMAP_PASSWORD);
    assert_exit(&sent, 0);
    let ids = ids_by_address(&server);
    dovecot.deliver(
        "INBOX",
        &report_for(
            "postfix-bounce-headers.eml",
            "9b8d03dc862230dab4e172e3ad939166.missive@ac-lille.example",
            &ids[bounced],
        ),
    );
    dovecot.deliver(
        "INBOX",
        &report_for(
            "thunderbird-mdn.eml",
            "e507511763cec84ac795ab48ef70dbba.missive@ac-lille.example",
            &ids[read],
        ),
    );
    // Reviewed before the receipt was collected: every head was still to remind.
    let reminder = reminder_of(&circular, &heads);
    let unread = ["--where", "not previous.read"];
    let early = [&["preview", "--out", "revue"][..], &unread].concat();
    assert_exit(&run(reminder.missive(&early)), 0);
    let approve = [&["approve", "revue", "--by", "Marie Dupont"][..], &unread].concat();
    assert_exit(&run(reminder.missive(&approve)), 0);

    let collected = missive_with(&circular, &["collect"], IMAP_PASSWORD);
    assert_exit(&collected, 0);
    assert!(
        text(&collected).contains("read `1`"),
        "{}",
        text(&collected)
    );

    assert_eq!(
        matching(&reminder, "previous.status == \"bounced\""),
        "1 of 3"
    );
    assert_eq!(matching(&reminder, "previous.read"), "1 of 3");

    // What was reviewed is no longer what would go: refused, nothing sent.
    let reminders = SmtpServer::builder().start();
    let url = reminders.url();
    let reviewed = ["send", "--yes", "--smtp", &url, "--reviewed", "revue"];
    let stale = refusal(&reminder, &[&reviewed[..], &unread].concat());
    assert!(stale.contains("1 recipient removed"), "{stale}");
    assert!(reminders.messages().is_empty());

    let sent = run(reminder.send(
        &reminders,
        &[&unread[..], &["--rate", "unlimited"]].concat(),
    ));
    assert_exit(&sent, 0);
    let mut to: Vec<String> = reminders
        .messages()
        .iter()
        .map(|m| m.rcpt_to[0].clone())
        .collect();
    to.sort();
    assert_eq!(to, [quiet, bounced], "{}", text(&sent));
    // The journal of the reminder counts the reader as left out by the filter, not failed.
    assert_eq!(reminder.statuses().get("sent"), Some(&2));
    assert_eq!(reminder.statuses().len(), 1, "{:?}", reminder.statuses());
}

/// What `missive ARGS` says in `campaign` as it refuses to go on (exit 1).
fn refusal(campaign: &Campaign, args: &[&str]) -> String {
    let output = run(campaign.missive(args));
    assert_exit(&output, 1);
    text(&output)
}

#[test]
fn a_missing_earlier_folder_or_journal_is_refused_naming_the_line_and_what_to_do() {
    let reminder = Campaign::new(1);
    reminder.write(
        "campaign.toml",
        "id = \"rappel\"\ntemplate = \"message.md\"\n\nrecipients = \"liste.csv\"\nfollow_up = \"../circulaire-introuvable\"\n",
    );
    let said = refusal(&reminder, &["check"]);
    let expected =
        "campaign.toml:5: `follow_up = \"../circulaire-introuvable\"`: there is no folder";
    assert!(said.contains(expected), "{said}");
    assert!(said.contains("introuvable`; correct `follow_up`"), "{said}");

    // A folder nothing was sent from yet.
    let unsent = Campaign::new(1);
    let reminder = reminder_of(&unsent, &format!("Directrice 0;{}\n", address(0)));
    let said = refusal(&reminder, &["check"]);
    assert!(said.contains("campaign.toml:4:"), "{said}");
    assert!(said.contains("nothing was sent from"), "{said}");
    let what_to_do = "send the first campaign from that folder first, or correct `follow_up`";
    assert!(said.contains(what_to_do), "{said}");

    // The campaign's own folder.
    let itself = Campaign::new(1);
    itself.write(
        "campaign.toml",
        "template = \"message.md\"\nrecipients = \"liste.csv\"\nfollow_up = \".\"\n",
    );
    let said = refusal(&itself, &["preview", "--out", "revue"]);
    assert!(said.contains("campaign.toml:3:"), "{said}");
    assert!(said.contains("the campaign's own folder"), "{said}");
    assert!(!itself.path().join("revue").exists(), "nothing previewed");
}

#[test]
fn previous_without_follow_up_is_refused_with_what_to_set() {
    let said = refusal(
        &Campaign::new(2),
        &["check", "--where", "not previous.read"],
    );
    assert!(
        said.contains("`--where not previous.read` names `previous`"),
        "{said}"
    );
    assert!(
        said.contains("set `follow_up = \"…\"` in campaign.toml"),
        "{said}"
    );
}
