//! The mailbox (issue 22) against a real IMAP server, a private Dovecot
//! (`harness::Dovecot`): copies of the sent messages in Sent (`save_sent`), each once across
//! runs and failures, in the folder the server marks or names in French; `missive drafts`
//! putting the messages in Drafts instead of sending them. What Dovecot stored is read back
//! from its Maildir and parsed as MIME.

use crate::harness::{
    Campaign, Dovecot, IMAP_PASSWORD, SmtpServer, assert_exit, parse_mime, run, text,
};

/// `Campaign::new(rows)` with a Bcc and the mailbox of `dovecot` in `[imap]`, its login
/// its own, copies kept as `save_sent` says; its suppression list in its own folder, so
/// what `collect` adds stays out of the other tests' home folder.
pub(crate) fn with_mailbox(rows: usize, dovecot: &Dovecot, save_sent: &str) -> Campaign {
    let campaign = Campaign::new(rows);
    campaign.write(
        "message.md",
        "From: Inspection de Lille 1 <ien.lille-1@ac-lille.example>\nTo: {{ nom }} <{{ email }}>\nBcc: archives@ac-lille.example\nSubject: Rentrée numérique — {{ nom }}\n\nBonjour {{ nom }},\n\nla rentrée numérique a lieu lundi.\n",
    );
    campaign.write(
        "campaign.toml",
        format!(
            "id = \"rentree\"\ntemplate = \"message.md\"\nrecipients = \"liste.csv\"\nsuppression_list = \"suppressed.csv\"\n\n[imap]\nurl = \"{}\"\nusername = \"{}\"\nca_file = \"{}\"\nsave_sent = \"{save_sent}\"\n",
            dovecot.imaps_url(),
            dovecot.user(),
            dovecot.ca_file().display()
        ),
    );
    campaign
}

/// `missive ARGS` with the mailbox's password in its variable.
pub(crate) fn missive_with(
    campaign: &Campaign,
    args: &[&str],
    password: &str,
) -> std::process::Output {
    let mut command = campaign.missive(args);
    command.env("MISSIVE_IMAP_PASSWORD", password);
    run(command)
}

fn send(campaign: &Campaign, server: &SmtpServer, password: &str) -> std::process::Output {
    let url = server.url();
    missive_with(campaign, &["send", "--yes", "--smtp", &url], password)
}

/// The message without its Date line: a copy is dated when the relay took it, the wire
/// when it was handed over (the same second, or the next).
fn undated(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .split("\r\n")
        .filter(|line| !line.starts_with("Date: "))
        .collect::<Vec<_>>()
        .join("\r\n")
}

#[test]
fn each_sent_message_gets_one_copy_in_sent_across_runs() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let server = SmtpServer::builder().start();
    let campaign = with_mailbox(4, &dovecot, "each");
    let output = send(&campaign, &server, IMAP_PASSWORD);
    assert_exit(&output, 0);
    let said = text(&output);
    assert!(said.contains("copies in Sent `Sent`: `4` put in"), "{said}");
    assert!(!said.contains(IMAP_PASSWORD), "{said}");

    let received = server.messages();
    let copies = dovecot.messages("Sent");
    assert_eq!(copies.len(), 4, "{said}");
    for (flags, bytes) in &copies {
        assert!(
            flags.iter().any(|f| f == "\\Seen"),
            "marked read: {flags:?}"
        );
        let copy = parse_mime(bytes);
        assert!(copy.header("Bcc").is_none(), "no Bcc in a copy");
        let id = copy.message_id().expect("a Message-ID");
        let sent = received
            .iter()
            .find(|m| parse_mime(&m.data).message_id() == Some(id))
            .expect("the copy of a message the relay got");
        assert_eq!(
            undated(bytes),
            undated(&sent.data),
            "the copy is the message"
        );
        assert!(copy.date().is_some(), "dated");
    }
    let logins = dovecot.logins();
    assert!(logins.iter().all(|login| login.tls), "{logins:?}");

    // Again: nothing to send, no copy twice.
    let again = send(&campaign, &server, IMAP_PASSWORD);
    assert_exit(&again, 0);
    assert_eq!(server.messages().len(), 4);
    assert_eq!(dovecot.messages("Sent").len(), 4, "{}", text(&again));
    let status = run(campaign.missive(&["status"]));
    assert!(
        text(&status).contains("copies in Sent `Sent`: `4` of `4` sent"),
        "{}",
        text(&status)
    );
}

/// A mailbox that refuses the login never stops or changes the send; the next run, with
/// the right password, puts every copy in, and sends nothing again.
#[test]
fn a_refused_mailbox_leaves_the_send_alone_and_the_next_run_adds_the_copies() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let server = SmtpServer::builder().start();
    let campaign = with_mailbox(3, &dovecot, "each");
    let output = send(&campaign, &server, "pas-le-bon");
    assert_exit(&output, 0);
    let said = text(&output);
    assert!(said.contains("no copy was put in Sent"), "{said}");
    assert!(
        said.contains("`missive send` again puts the `3` copies in"),
        "{said}"
    );
    assert!(!said.contains("pas-le-bon"), "{said}");
    assert_eq!(server.messages().len(), 3);
    assert!(dovecot.messages("Sent").is_empty());

    let again = send(&campaign, &server, IMAP_PASSWORD);
    assert_exit(&again, 0);
    assert_eq!(server.messages().len(), 3, "nothing sent twice");
    assert_eq!(dovecot.messages("Sent").len(), 3, "{}", text(&again));
}

/// `save_sent = "first"`: one copy for the campaign, standing for every message sent, the
/// count kept as the campaign grows.
#[test]
fn first_keeps_one_copy_for_the_campaign() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let server = SmtpServer::builder().start();
    let campaign = with_mailbox(3, &dovecot, "first");
    assert_exit(&send(&campaign, &server, IMAP_PASSWORD), 0);
    campaign.rows(5);
    assert_exit(&send(&campaign, &server, IMAP_PASSWORD), 0);
    assert_eq!(server.messages().len(), 5);
    assert_eq!(dovecot.messages("Sent").len(), 1);
    let status = text(&run(campaign.missive(&["status"])));
    assert!(
        status.contains("the first message, standing for `5` sent"),
        "{status}"
    );
}

/// Without special-use flags, the Sent folder is found by its French name.
#[test]
fn a_french_sent_folder_is_found_by_its_name() {
    let Some(dovecot) = Dovecot::builder()
        .sent_name("Éléments envoyés")
        .special_use(false)
        .start()
    else {
        return;
    };
    let server = SmtpServer::builder().start();
    let campaign = with_mailbox(2, &dovecot, "each");
    let output = send(&campaign, &server, IMAP_PASSWORD);
    assert_exit(&output, 0);
    assert!(
        text(&output).contains("copies in Sent `Éléments envoyés`: `2` put in"),
        "{}",
        text(&output)
    );
    assert_eq!(dovecot.messages("Éléments envoyés").len(), 2);
}

/// `save_sent` with no mailbox is refused before anything is sent.
#[test]
fn copies_without_a_mailbox_are_refused_before_sending() {
    let server = SmtpServer::builder().start();
    let campaign = Campaign::new(2);
    let output = run(campaign.send(&server, &["--save-sent", "each"]));
    assert_exit(&output, 1);
    assert!(
        text(&output).contains("no mailbox is given; set `url` in the [imap] section"),
        "{}",
        text(&output)
    );
    assert!(server.messages().is_empty());
}

/// `missive drafts`: every message in Drafts as a draft, nothing sent; again, none twice;
/// `send` then leaves them alone; `status` and `report` say `drafted`.
#[test]
fn drafts_go_to_the_drafts_folder_once_and_send_leaves_them() {
    let Some(dovecot) = Dovecot::builder().drafts_name("Brouillons").start() else {
        return;
    };
    let server = SmtpServer::builder().start();
    let campaign = with_mailbox(3, &dovecot, "none");
    let output = missive_with(&campaign, &["drafts", "--yes"], IMAP_PASSWORD);
    assert_exit(&output, 0);
    let said = text(&output);
    assert!(
        said.contains("drafts in `Brouillons`: `3` put in"),
        "{said}"
    );
    let drafts = dovecot.messages("Brouillons");
    assert_eq!(drafts.len(), 3);
    for (flags, bytes) in &drafts {
        assert!(flags.iter().any(|f| f == "\\Draft"), "a draft: {flags:?}");
        let draft = parse_mime(bytes);
        assert!(draft.header("Bcc").is_none());
        assert!(
            draft
                .subject()
                .is_some_and(|s| s.starts_with("Rentrée numérique"))
        );
    }
    let again = missive_with(&campaign, &["drafts", "--yes"], IMAP_PASSWORD);
    assert_exit(&again, 0);
    assert_eq!(dovecot.messages("Brouillons").len(), 3, "{}", text(&again));
    assert!(
        text(&again).contains("nothing to put in Drafts: every message is drafted or sent already"),
        "{}",
        text(&again)
    );

    let sent = send(&campaign, &server, IMAP_PASSWORD);
    assert_exit(&sent, 0);
    assert!(server.messages().is_empty(), "{}", text(&sent));
    assert_eq!(campaign.statuses().get("drafted"), Some(&3));
    let status = text(&run(campaign.missive(&["status"])));
    assert!(status.contains("Drafts folder"), "{status}");
}

/// Puts in INBOX a real Postfix bounce (5.1.1 for `ce.0599999z@` and `ce.0599998y@`) of the
/// message the report (`report`: its JSON lines) sent to `ce.0599999z@ac-lille.example`.
pub(crate) fn bounce_back(dovecot: &Dovecot, report: &[serde_json::Value]) {
    let id = report
        .iter()
        .find(|line| {
            line["to"]
                .as_str()
                .is_some_and(|to| to.contains("ce.0599999z"))
        })
        .and_then(|line| line["message_id"].as_str().map(str::to_string))
        .expect("a message to ce.0599999z@");
    dovecot.deliver(
        "INBOX",
        &report_for(
            "postfix-bounce-headers.eml",
            "9b8d03dc862230dab4e172e3ad939166.missive@ac-lille.example",
            &id,
        ),
    );
}

/// A fixture of tests/fixtures/reports with one Message-ID of its own put in place of
/// another (the campaign's, which the fixture could not know).
pub(crate) fn report_for(fixture: &str, fixture_id: &str, message_id: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/reports/{fixture}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("a fixture");
    let bare = message_id.trim_matches(['<', '>']);
    text.replace(fixture_id, bare).into_bytes()
}

/// `missive collect` reads INBOX read-only: a real Postfix bounce for a message's To and Cc,
/// a Thunderbird read receipt, an Exchange out-of-office and an ordinary reply. Status and
/// report tell who bounced (with the server's words) and who read it; the out-of-office is
/// no bounce; nothing in the mailbox is marked read; a second run reads only new mail.
#[test]
fn collect_records_bounces_and_receipts_once_and_leaves_the_mailbox_as_it_was() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let server = SmtpServer::builder().start();
    let campaign = with_mailbox(0, &dovecot, "none");
    campaign.write(
        "message.md",
        "From: Inspection de Lille 1 <ien.lille-1@ac-lille.example>\nTo: {{ nom }} <{{ email }}>\nCc: {{ adjoint }}\nSubject: Rentrée numérique — {{ nom }}\n\nBonjour {{ nom }},\n",
    );
    campaign.write(
        "liste.csv",
        "nom;email;adjoint\nHélène Lefèvre;ce.0599999z@ac-lille.example;ce.0599998y@ac-lille.example\nPaul Martin;ce.0594112k@ac-lille.example;\nAnne Roussel;ce.0591234a@ac-lille.example;\n",
    );
    assert_exit(&send(&campaign, &server, IMAP_PASSWORD), 0);
    let ids: std::collections::HashMap<String, String> = campaign
        .report()
        .iter()
        .map(|line| {
            (
                line["to"].as_str().unwrap_or_default().to_string(),
                line["message_id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    fill_inbox(&dovecot, &ids);

    let collected = missive_with(&campaign, &["collect"], IMAP_PASSWORD);
    assert_exit(&collected, 0);
    let said = text(&collected);
    assert!(said.contains("read `4` new messages in `INBOX`"), "{said}");
    assert!(said.contains("bounced `2`"), "{said}");
    assert!(said.contains("read `1`"), "{said}");
    assert!(
        said.contains("`1` automatic reply (out of office…)"),
        "{said}"
    );
    assert!(!said.contains(IMAP_PASSWORD), "{said}");
    let inbox = dovecot.messages("INBOX");
    assert_eq!(inbox.len(), 4, "nothing deleted or moved");
    assert!(
        inbox.iter().all(|(flags, _)| flags.is_empty()),
        "nothing marked read: {inbox:?}"
    );

    let status = text(&run(campaign.missive(&["status"])));
    assert!(
        status.contains(
            "came back (missive collect): bounced `2`, delayed `0`, delivered `0`, read `1`"
        ),
        "{status}"
    );
    assert!(
        status.contains("bounced: ce.0599998y@ac-lille.example (5."),
        "{status}"
    );
    assert!(
        status.contains("bounced: ce.0599999z@ac-lille.example (5."),
        "{status}"
    );

    let report = campaign.report();
    let line_of = |address: &str| {
        report
            .iter()
            .find(|line| line["to"].as_str().is_some_and(|to| to.contains(address)))
            .cloned()
            .unwrap_or_else(|| panic!("{address}: {report:?}"))
    };
    let bounced = line_of("ce.0599999z");
    assert_eq!(bounced["returned"], "bounced", "{bounced}");
    assert!(
        bounced["returned_status"]
            .as_str()
            .is_some_and(|s| s.starts_with("5.")),
        "{bounced}"
    );
    assert!(
        bounced["returned_diagnostic"]
            .as_str()
            .is_some_and(|d| !d.is_empty()),
        "{bounced}"
    );
    let read = line_of("ce.0594112k");
    assert_eq!(read["returned"], "", "{read}");
    assert!(
        read["read_time"].as_str().is_some_and(|t| t.ends_with('Z')),
        "{read}"
    );
    let quiet = line_of("ce.0591234a");
    assert_eq!(
        (quiet["returned"].as_str(), quiet["read_time"].as_str()),
        (Some(""), Some(""))
    );

    // Again: only new mail is read.
    let again = text(&missive_with(&campaign, &["collect"], IMAP_PASSWORD));
    assert!(again.contains("read `0` new messages"), "{again}");
}

/// Puts in INBOX what comes back after a campaign whose messages went to these addresses
/// (`ids`: the report's `to`, its `message_id`): a real Postfix bounce for the first
/// message's To and Cc, a Thunderbird read receipt, an Exchange out-of-office and an
/// ordinary reply.
fn fill_inbox(dovecot: &Dovecot, ids: &std::collections::HashMap<String, String>) {
    let id_of = |address: &str| {
        ids.iter().find(|(to, _)| to.contains(address)).map_or_else(
            || panic!("no message to {address}: {ids:?}"),
            |(_, id)| id.clone(),
        )
    };
    dovecot.deliver(
        "INBOX",
        &report_for(
            "postfix-bounce-headers.eml",
            "9b8d03dc862230dab4e172e3ad939166.missive@ac-lille.example",
            &id_of("ce.0599999z"),
        ),
    );
    dovecot.deliver(
        "INBOX",
        &report_for(
            "thunderbird-mdn.eml",
            "e507511763cec84ac795ab48ef70dbba.missive@ac-lille.example",
            &id_of("ce.0594112k"),
        ),
    );
    dovecot.deliver(
        "INBOX",
        &report_for(
            "auto-reply-fr.eml",
            "374cf073938d98d05ef0e61658ebb186.missive@ac-lille.example",
            &id_of("ce.0591234a"),
        ),
    );
    dovecot.deliver(
        "INBOX",
        &report_for(
            "ordinary-reply.eml",
            "e507511763cec84ac795ab48ef70dbba",
            "x",
        ),
    );
}

/// `receipts = ["delivery", "read"]`: to a relay that offers DSN, MAIL asks for headers only
/// under an ENVID (the Message-ID) and each RCPT for every notification; each message names
/// its sender for a read receipt. A relay without DSN is said once, and the messages go.
#[test]
fn receipts_ask_the_relay_for_dsn_and_the_reader_for_a_read_receipt() {
    use crate::harness::{FaultyRelay, Script};
    let Some(relay) = FaultyRelay::start(Script::new().dsn(true)) else {
        return;
    };
    let campaign = Campaign::new(2);
    campaign.write(
        "campaign.toml",
        "id = \"rentree\"\ntemplate = \"message.md\"\nrecipients = \"liste.csv\"\nreceipts = [\"delivery\", \"read\"]\n",
    );
    let output = run(campaign.send_to(&relay.url(), &[]));
    assert_exit(&output, 0);
    let events = relay.events();
    let received = relay.received();
    assert_eq!(received.len(), 2);
    for message in &received {
        let parsed = message.parsed();
        let id = parsed.message_id().expect("a Message-ID");
        assert_eq!(
            parsed
                .header_raw("Disposition-Notification-To")
                .map(str::trim),
            Some("ien.lille-1@ac-lille.example"),
            "{id}"
        );
        let mail = events
            .iter()
            .find(|e| e.verb == "MAIL" && e.params.iter().any(|p| p == &format!("ENVID={id}")))
            .unwrap_or_else(|| panic!("MAIL with ENVID={id}: {events:?}"));
        assert!(mail.params.iter().any(|p| p == "RET=HDRS"), "{mail:?}");
    }
    let rcpts: Vec<_> = events.iter().filter(|e| e.verb == "RCPT").collect();
    assert_eq!(rcpts.len(), 2);
    assert!(
        rcpts
            .iter()
            .all(|e| e.params.iter().any(|p| p == "NOTIFY=SUCCESS,FAILURE,DELAY")),
        "{rcpts:?}"
    );

    let Some(plain) = FaultyRelay::start(Script::new()) else {
        return;
    };
    let other = Campaign::new(3);
    other.write(
        "campaign.toml",
        "id = \"rentree\"\ntemplate = \"message.md\"\nrecipients = \"liste.csv\"\nreceipts = [\"delivery\"]\n",
    );
    let output = run(other.send_to(&plain.url(), &[]));
    assert_exit(&output, 0);
    let said = text(&output);
    assert_eq!(
        said.matches("does not offer delivery notifications (DSN)")
            .count(),
        1,
        "{said}"
    );
    assert_eq!(plain.received().len(), 3);
    let dsn = ["RET=", "ENVID=", "NOTIFY="];
    assert!(
        plain
            .events()
            .iter()
            .flat_map(|e| &e.params)
            .all(|p| !dsn.iter().any(|d| p.starts_with(d))),
        "no DSN parameter to a relay without DSN"
    );
    let bad = Campaign::new(1);
    bad.write(
        "campaign.toml",
        "id = \"rentree\"\ntemplate = \"message.md\"\nrecipients = \"liste.csv\"\nreceipts = [\"lecture\"]\n",
    );
    let refused = text(&run(bad.missive(&["check"])));
    assert!(refused.contains("`lecture` is not a receipt"), "{refused}");
    assert!(refused.contains(":4:"), "{refused}");
}
