//! `--events json` of the mailbox's commands, against a private Dovecot: `drafts` says each
//! message it put in Drafts and ends with its counts; `collect` says each fact it read back
//! (a real Postfix bounce) and ends with what it read, recorded and put on the suppression
//! list. Words for a person go to standard error, never among the events.

use crate::harness::{Dovecot, IMAP_PASSWORD, SmtpServer, assert_exit, run};
use crate::mailbox::{bounce_back, with_mailbox};

/// The JSON lines of standard output, each parsed.
fn events(output: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

#[test]
fn drafts_tells_each_message_filed_and_its_counts() {
    let Some(dovecot) = Dovecot::builder().drafts_name("Brouillons").start() else {
        return;
    };
    let campaign = with_mailbox(3, &dovecot, "none");
    let mut command = campaign.missive(&["drafts", "--yes", "--events", "json"]);
    command.env("MISSIVE_IMAP_PASSWORD", IMAP_PASSWORD);
    let output = run(command);
    assert_exit(&output, 0);
    let events = events(&output);
    let filed: Vec<&serde_json::Value> = events.iter().filter(|e| e["event"] == "filed").collect();
    assert_eq!(filed.len(), 3, "{events:?}");
    for event in &filed {
        assert_eq!(
            (&event["kind"], &event["folder"], &event["found"]),
            (
                &serde_json::json!("draft"),
                &serde_json::json!("Brouillons"),
                &serde_json::json!(false)
            ),
            "{event}"
        );
        assert!(
            event["message_id"]
                .as_str()
                .is_some_and(|id| id.ends_with(".missive@ac-lille.example>")),
            "{event}"
        );
    }
    let summary = events.last().expect("a summary");
    assert_eq!(summary["event"], "summary", "{summary}");
    assert_eq!(
        (
            &summary["command"],
            &summary["drafted"],
            &summary["exit_code"]
        ),
        (
            &serde_json::json!("drafts"),
            &serde_json::json!(3),
            &serde_json::json!(0)
        ),
        "{summary}"
    );
    let words = String::from_utf8_lossy(&output.stderr);
    assert!(
        words.contains("drafts in `Brouillons`: `3` put in"),
        "{words}"
    );
}

/// A campaign of two rows sent, and a real Postfix bounce for the first in INBOX.
fn sent_and_bounced(dovecot: &Dovecot) -> crate::harness::Campaign {
    let server = SmtpServer::builder().start();
    let campaign = with_mailbox(0, dovecot, "none");
    campaign.write(
        "liste.csv",
        "nom;email\nHélène Lefèvre;ce.0599999z@ac-lille.example\nPaul Martin;ce.0594112k@ac-lille.example\n",
    );
    assert_exit(&run(campaign.send(&server, &[])), 0);
    bounce_back(dovecot, &campaign.report());
    campaign
}

#[test]
fn collect_tells_each_fact_read_back_and_its_counts() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let campaign = sent_and_bounced(&dovecot);

    let mut command = campaign.missive(&["collect", "--events", "json"]);
    command.env("MISSIVE_IMAP_PASSWORD", IMAP_PASSWORD);
    let output = run(command);
    assert_exit(&output, 0);
    let events = events(&output);
    let returned: Vec<&serde_json::Value> =
        events.iter().filter(|e| e["event"] == "returned").collect();
    assert_eq!(returned.len(), 1, "{events:?}");
    let bounce = returned[0];
    assert_eq!(
        (&bounce["kind"], &bounce["address"], &bounce["status"]),
        (
            &serde_json::json!("bounced"),
            &serde_json::json!("ce.0599999z@ac-lille.example"),
            &serde_json::json!("5.1.1")
        ),
        "{bounce}"
    );
    assert!(
        bounce["diagnostic"]
            .as_str()
            .is_some_and(|d| d.contains("unknown user")),
        "{bounce}"
    );
    let summary = events.last().expect("a summary");
    assert_eq!(
        (
            &summary["command"],
            &summary["read"],
            &summary["bounced"],
            &summary["read_receipts"],
            &summary["suppressed"]
        ),
        (
            &serde_json::json!("collect"),
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::json!(0),
            &serde_json::json!(1)
        ),
        "{summary}"
    );
    let words = String::from_utf8_lossy(&output.stderr);
    assert!(words.contains("read `1` new message in `INBOX`"), "{words}");
}

/// Under a French locale, `collect` says what it read, noted and excluded in French; the
/// addresses, the folder and the journal's name stay as they are.
#[test]
fn collect_speaks_french_under_a_french_locale() {
    let Some(dovecot) = Dovecot::start() else {
        return;
    };
    let campaign = sent_and_bounced(&dovecot);

    let mut french = crate::harness::french(campaign.path());
    french
        .arg("collect")
        .env("MISSIVE_IMAP_PASSWORD", IMAP_PASSWORD);
    let output = run(french);
    assert_exit(&output, 0);
    let said = crate::harness::text(&output);
    for words in [
        "1 nouveau message lu dans `INBOX`",
        "noté dans «\u{a0}.missive/journal.sqlite\u{a0}»\u{a0}: rebonds\u{a0}: 1",
        "1 adresse a fait un rebond définitif, ajoutée à la liste d'exclusion «\u{a0}",
        "\u{a0}»\u{a0}: chaque campagne suivante l'écarte (`ce.0599999z@ac-lille.example`)",
        "ensuite\u{a0}: `missive status` les compte, `missive report` les détaille",
    ] {
        assert!(said.contains(words), "{words:?} in {said}");
    }
    let mut again = crate::harness::french(campaign.path());
    again
        .arg("collect")
        .env("MISSIVE_IMAP_PASSWORD", IMAP_PASSWORD);
    let again = crate::harness::text(&run(again));
    assert!(
        again.contains("0 nouveau message lu dans `INBOX`")
            && again.contains("rien n'est revenu au sujet de cette campagne"),
        "{again}"
    );
}

/// Under a French locale, `drafts` says its plan, what it put in the Drafts folder and what
/// to do next in French; run again, that nothing is left to put there.
#[test]
fn drafts_speak_french_under_a_french_locale() {
    let Some(dovecot) = Dovecot::builder().drafts_name("Brouillons").start() else {
        return;
    };
    let campaign = with_mailbox(3, &dovecot, "none");
    let drafts = || {
        let mut french = crate::harness::french(campaign.path());
        french
            .args(["drafts", "--yes"])
            .env("MISSIVE_IMAP_PASSWORD", IMAP_PASSWORD);
        run(french)
    };
    let output = drafts();
    assert_exit(&output, 0);
    let said = crate::harness::text(&output);
    for words in [
        "dépôt de 3 messages dans le dossier Brouillons de ",
        " (rien n'est envoyé)",
        "brouillons dans «\u{a0}Brouillons\u{a0}»\u{a0}: 3 déposés",
        "ensuite\u{a0}: ouvrez le dossier Brouillons de votre messagerie",
    ] {
        assert!(said.contains(words), "{words:?} in {said}");
    }
    assert_eq!(dovecot.messages("Brouillons").len(), 3);
    let again = crate::harness::text(&drafts());
    assert!(
        again.contains(
            "rien à déposer dans les brouillons\u{a0}: chaque message est déjà en brouillon ou envoyé"
        ) && again.contains("ensuite\u{a0}: 3 messages sont dans le dossier Brouillons"),
        "{again}"
    );
}
