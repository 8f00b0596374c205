//! The suppression list (issue 22): `collect` puts the addresses that bounced for good on
//! it, through a real Postfix bounce in a private Dovecot; every later `check`, `preview`
//! and `send` of any campaign leaves them out, naming each row and why, and a send whose
//! only missing rows are suppressed succeeds; `missive suppressed` lists and removes.

use crate::harness::{
    Campaign, Dovecot, IMAP_PASSWORD, SmtpServer, assert_exit, parse_mime, run, text,
};
use crate::mailbox::{bounce_back, with_mailbox};
use mail_parser::MimeHeaders as _;

const TEMPLATE: &str = "From: Inspection de Lille 1 <ien.lille-1@ac-lille.example>\nTo: {{ nom }} <{{ email }}>\nCc: {{ adjoint }}\nSubject: Rentrée numérique — {{ nom }}\n\nBonjour {{ nom }},\n";

/// A list where line 2's To and Cc, and line 3's Cc, bounced for good earlier.
const LIST: &str = "nom;email;adjoint\nHélène Lefèvre;ce.0599999z@ac-lille.example;ce.0599998y@ac-lille.example\nPaul Martin;ce.0594112k@ac-lille.example;CE.0599998Y@ac-lille.example\nAnne Roussel;ce.0591234a@ac-lille.example;\n";

/// The list as `collect` writes it, for the two addresses of line 2.
const SUPPRESSED: &str = "address,status,diagnostic,bounced,campaign\nce.0599998y@ac-lille.example,5.1.1,X-Postfix; unknown user,2021-04-26T18:02:11Z,rentree\nce.0599999z@ac-lille.example,5.1.1,X-Postfix; unknown user,2021-04-26T18:02:11Z,rentree\n";

/// A campaign of [`LIST`] whose campaign.toml names `suppressed.csv` in its folder.
fn relayed_again() -> Campaign {
    let campaign = Campaign::new(0);
    campaign.write("message.md", TEMPLATE);
    campaign.write("liste.csv", LIST);
    campaign.write(
        "campaign.toml",
        "id = \"rappel\"\ntemplate = \"message.md\"\nrecipients = \"liste.csv\"\nsuppression_list = \"suppressed.csv\"\n",
    );
    campaign.write("suppressed.csv", SUPPRESSED);
    campaign
}

/// `collect` reads a real Postfix bounce (5.1.1 for a message's To and Cc) and puts both
/// addresses on the list beside the profiles' config.toml, once; `missive suppressed` lists
/// them with the server's words; `--remove` takes one off, and refuses an address that is
/// not there, naming the list.
#[test]
fn collect_puts_addresses_that_bounced_for_good_on_the_list() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let server = SmtpServer::builder().start();
    let config = tempfile::tempdir().expect("a config folder");
    let campaign = with_mailbox(0, &dovecot, "none");
    campaign.write("message.md", TEMPLATE);
    campaign.write("liste.csv", LIST);
    // The list of this test's own configuration folder, not the campaign's.
    let toml = std::fs::read_to_string(campaign.path().join("campaign.toml")).expect("toml");
    campaign.write(
        "campaign.toml",
        toml.replace("suppression_list = \"suppressed.csv\"\n", ""),
    );
    let with_config = |args: &[&str]| {
        let mut command = campaign.missive(args);
        command
            .env("XDG_CONFIG_HOME", config.path())
            .env("MISSIVE_IMAP_PASSWORD", IMAP_PASSWORD);
        run(command)
    };
    assert_exit(&with_config(&["send", "--yes", "--smtp", &server.url()]), 0);
    bounce_back(&dovecot, &campaign.report());

    let collected = with_config(&["collect"]);
    assert_exit(&collected, 0);
    let list_path = config.path().join("missive").join("suppressed.csv");
    let said = text(&collected);
    assert!(
        said.contains(&format!(
            "`2` addresses bounced for good, added to the suppression list `{}`",
            list_path.display()
        )),
        "{said}"
    );
    let written = std::fs::read_to_string(&list_path).expect("the list is written");
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines[0], "address,status,diagnostic,bounced,campaign");
    assert_eq!(lines.len(), 3, "{written}");
    assert!(
        lines[1].starts_with("ce.0599998y@ac-lille.example,5.1.1,"),
        "{written}"
    );
    assert!(lines[1].ends_with(",rentree"), "{written}");

    let listed = with_config(&["suppressed"]);
    assert_exit(&listed, 0);
    let listed = text(&listed);
    assert!(
        listed.contains("`2` addresses on the suppression list"),
        "{listed}"
    );
    assert!(
        listed.contains("  ce.0599999z@ac-lille.example: it bounced for good on "),
        "{listed}"
    );
    assert!(
        listed.contains(
            "(5.1.1: unknown user: \"ce.0599999z@ac-lille.example\", campaign `rentree`)"
        ),
        "{listed}"
    );

    let removed = with_config(&["suppressed", "--remove", "CE.0599999Z@ac-lille.example"]);
    assert_exit(&removed, 0);
    assert!(
        text(&removed).contains("`ce.0599999z@ac-lille.example` taken off the suppression list"),
        "{}",
        text(&removed)
    );
    let unknown = with_config(&["suppressed", "--remove", "ce.0599999z@ac-lille.example"]);
    assert_exit(&unknown, 1);
    assert!(
        text(&unknown).contains(&format!(
            "`ce.0599999z@ac-lille.example` is not on the suppression list `{}` (1 address there",
            list_path.display()
        )),
        "{}",
        text(&unknown)
    );
    let left = std::fs::read_to_string(&list_path).expect("the list");
    assert_eq!(left.lines().count(), 2, "{left}");
    assert!(left.contains("ce.0599998y@"), "{left}");
}

/// A later campaign: `check` names each row and address left out and exits 0; the send
/// reaches everyone else (a row whose Cc bounced still goes to its To) and exits 0; the
/// journal's status counts the row left out; the JSON events name its state.
#[test]
fn a_later_campaign_leaves_the_suppressed_out_and_succeeds() {
    let server = SmtpServer::builder().start();
    let campaign = relayed_again();

    let checked = run(campaign.missive(&["check"]));
    assert_exit(&checked, 0);
    let said = text(&checked);
    assert!(
        said.contains("liste.csv:2: left out: `ce.0599999z@ac-lille.example`: it bounced for good on 2021-04-26 (5.1.1: X-Postfix; unknown user, campaign `rentree`); `ce.0599998y@ac-lille.example`: it bounced for good"),
        "{said}"
    );
    assert!(
        said.contains("warning: liste.csv:3: `CE.0599998Y@ac-lille.example` is left out of this row's message: it bounced for good on 2021-04-26"),
        "{said}"
    );
    assert!(said.contains("2 messages ready"), "{said}");
    assert!(
        said.contains("1 row and 1 address of other rows left out: their addresses bounced for good earlier (suppression list `"),
        "{said}"
    );

    // The reviewer sees who is left out, and the send goes out as reviewed.
    assert_exit(&run(campaign.missive(&["preview", "-o", "revue"])), 0);
    let gallery =
        std::fs::read_to_string(campaign.path().join("revue/index.html")).expect("the gallery");
    assert!(
        gallery.contains("not sent to ce.0599999z@ac-lille.example, ce.0599998y@ac-lille.example: bounced for good"),
        "{gallery}"
    );
    assert!(
        gallery.contains("not sent to CE.0599998Y@ac-lille.example: bounced for good"),
        "{gallery}"
    );
    let approve = ["approve", "revue", "--by", "Marie Dupont"];
    assert_exit(&run(campaign.missive(&approve)), 0);
    let sent = run(campaign.send(&server, &["--reviewed", "revue"]));
    assert_exit(&sent, 0);
    let mut received: Vec<(Vec<String>, String)> = server
        .messages()
        .iter()
        .map(|message| {
            let to = parse_mime(&message.data)
                .to()
                .and_then(|to| to.first())
                .and_then(|to| to.address())
                .unwrap_or_default()
                .to_string();
            (message.rcpt_to.clone(), to)
        })
        .collect();
    received.sort();
    assert_eq!(
        received,
        [
            (
                vec!["ce.0591234a@ac-lille.example".to_string()],
                "ce.0591234a@ac-lille.example".to_string()
            ),
            (
                vec!["ce.0594112k@ac-lille.example".to_string()],
                "ce.0594112k@ac-lille.example".to_string()
            ),
        ],
        "nothing to a suppressed address; line 3 still reaches its To"
    );

    let status = text(&run(campaign.missive(&["status"])));
    assert!(
        status.contains("`3` rows in the list: `2` recipients; `1` row left out, their addresses having bounced for good earlier"),
        "{status}"
    );
    assert!(
        status.contains("`1` row of the list was left out because its address bounced for good"),
        "{status}"
    );

    let statuses = campaign.statuses();
    assert_eq!(
        (statuses.get("sent"), statuses.get("suppressed")),
        (Some(&2), Some(&1)),
        "report: {statuses:?}"
    );
    // Sent again: nothing left, and still a success.
    let again = run(campaign.send(&server, &[]));
    assert_exit(&again, 0);
    assert_eq!(server.messages().len(), 2, "nobody twice");
}

/// `--events json` gives a row left out its own state and addresses, and the summary counts it.
#[test]
fn the_events_name_the_rows_left_out() {
    let campaign = relayed_again();
    let events = run(campaign.missive(&["check", "--events", "json"]));
    assert_exit(&events, 0);
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&events.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    let row2 = events
        .iter()
        .find(|event| event["event"] == "row" && event["line"] == 2)
        .expect("line 2's event");
    assert_eq!(row2["state"], "suppressed", "{row2}");
    assert_eq!(
        row2["suppressed"],
        serde_json::json!([
            "ce.0599999z@ac-lille.example",
            "ce.0599998y@ac-lille.example"
        ])
    );
    let summary = events.last().expect("a summary");
    assert_eq!(
        (
            &summary["suppressed"],
            &summary["ready"],
            &summary["exit_code"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(2),
            &serde_json::json!(0)
        ),
        "{summary}"
    );
}

/// A suppression list that cannot be read stops everything before anything is sent,
/// naming its line and what to do.
#[test]
fn a_wrong_line_in_the_list_is_named_and_nothing_is_sent() {
    let server = SmtpServer::builder().start();
    let campaign = relayed_again();
    campaign.write(
        "suppressed.csv",
        "address,status\nce.0599999z@ac-lille.example,5.1.1\nnot-an-address,5.1.1\n",
    );
    let checked = run(campaign.missive(&["check"]));
    assert_exit(&checked, 1);
    assert!(
        text(&checked).contains("suppressed.csv:3: `not-an-address` is not an email address; correct or delete that line of the suppression list"),
        "{}",
        text(&checked)
    );
    assert_exit(&run(campaign.send(&server, &[])), 1);
    assert!(server.messages().is_empty());
}

/// The whole path, live: `missive send` through a private Postfix that knows only the
/// inspection's own mailbox; Postfix bounces the message to an unknown head (5.1.1) back to
/// the inspection; that bounce, put in the inspection's IMAP INBOX (a private Dovecot), is
/// read by `collect`, which puts the address on the suppression list; the next `check`
/// leaves that head out and exits 0.
#[test]
fn a_bounce_postfix_makes_puts_the_unknown_address_on_the_list() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let Some(postfix) = crate::harness::Postfix::start_with(
        "smtpd_reject_unlisted_recipient = no\nvirtual_mailbox_maps = inline:{ ien.lille-1@ac-lille.example=inbox/ }\n",
    ) else {
        return;
    };
    let campaign = with_mailbox(0, &dovecot, "none");
    campaign.write(
        "message.md",
        "From: Inspection de Lille 1 <ien.lille-1@ac-lille.example>\nTo: {{ nom }} <{{ email }}>\nSubject: Rentrée numérique — {{ nom }}\n\nBonjour {{ nom }},\n",
    );
    campaign.write(
        "liste.csv",
        "nom;email\nHélène Lefèvre;ce.0599999z@ac-lille.example\n",
    );
    assert_exit(&run(campaign.send_to(&postfix.url(), &[])), 0);
    let bounces = postfix.wait_for_maildir(1);
    let bounce = parse_mime(&bounces[0]);
    assert!(
        bounce.is_content_type("multipart", "report"),
        "Postfix's bounce is a multipart/report"
    );
    dovecot.deliver("INBOX", &bounces[0]);

    let mut collect = campaign.missive(&["collect"]);
    collect.env("MISSIVE_IMAP_PASSWORD", IMAP_PASSWORD);
    let collected = run(collect);
    assert_exit(&collected, 0);
    let said = text(&collected);
    assert!(said.contains("bounced `1`"), "{said}");
    let list = std::fs::read_to_string(campaign.path().join("suppressed.csv")).expect("a list");
    assert!(
        list.lines()
            .nth(1)
            .is_some_and(|line| line.starts_with("ce.0599999z@ac-lille.example,5.1.1,")),
        "{list}"
    );
    let checked = run(campaign.missive(&["check"]));
    assert_exit(&checked, 0);
    assert!(
        text(&checked).contains(
            "liste.csv:2: left out: `ce.0599999z@ac-lille.example`: it bounced for good on "
        ),
        "{}",
        text(&checked)
    );
    assert!(
        text(&checked).contains("0 messages ready"),
        "{}",
        text(&checked)
    );
}

/// Under a French locale, `missive suppressed` lists and refuses in French; the addresses
/// and what the servers said stay as they are.
#[test]
fn suppressed_speaks_french_under_a_french_locale() {
    let campaign = relayed_again();
    let french = |args: &[&str]| {
        let mut command = crate::harness::french(campaign.path());
        command.args(args);
        run(command)
    };
    let listed = french(&["suppressed"]);
    assert_exit(&listed, 0);
    let listed = text(&listed);
    for french in [
        "2 adresses figurent sur la liste d'exclusion «\u{a0}",
        "\u{a0}», écartées de toute campagne\u{a0}:",
        "  ce.0599999z@ac-lille.example\u{a0}: elle a fait un rebond définitif le 26\u{a0}avril\u{a0}2021 \
         (le serveur a dit «\u{a0}5.1.1: X-Postfix; unknown user\u{a0}», campagne «\u{a0}rentree\u{a0}»)",
        "ensuite\u{a0}: `missive suppressed --remove ADRESSE` retire une adresse",
    ] {
        assert!(listed.contains(french), "{french:?} in {listed}");
    }
    let unknown = french(&["suppressed", "--remove", "ce.0591234a@ac-lille.example"]);
    assert_exit(&unknown, 1);
    let said = text(&unknown);
    assert!(
        said.contains(
            "erreur\u{a0}: «\u{a0}ce.0591234a@ac-lille.example\u{a0}» n'est pas sur la liste d'exclusion «\u{a0}"
        ) && said.contains("(2 adresses y figurent, affichées par `missive suppressed`)"),
        "{said}"
    );
    let english = text(&run(campaign.missive(&["suppressed"])));
    assert!(
        english.contains("`2` addresses on the suppression list `"),
        "{english}"
    );
}
