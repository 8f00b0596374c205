//! Addresses beyond ASCII, through the real binary: an internationalised domain
//! (`directeur@école.fr`) goes out in its ASCII form (`xn--cole-9oa.fr`) in the preview and
//! to the relay; a local part beyond ASCII (`élodie@ac-lyon.fr`) is a warning of `check`
//! (and of `send`'s first pass), naming its row, header, column and address, since only a
//! relay that offers SMTPUTF8 can deliver it; a domain with no ASCII form is an error for its
//! row that says what to fix.

use std::process::Output;

use serde_json::Value;

use crate::harness::{Campaign, SmtpServer, assert_exit, parse_mime, run, text};

/// A campaign (see [`Campaign::new`]) whose list is `rows`, each `nom;email`.
fn campaign_of(rows: &[&str]) -> Campaign {
    let campaign = Campaign::new(0);
    campaign.write("liste.csv", format!("nom;email\n{}\n", rows.join("\n")));
    campaign
}

/// `missive ARGS` in a campaign of `rows` (see [`campaign_of`]), which must exit with `code`.
fn run_on(rows: &[&str], args: &[&str], code: i32) -> (Campaign, Output) {
    let campaign = campaign_of(rows);
    let output = run(campaign.missive(args));
    assert_exit(&output, code);
    (campaign, output)
}

const ROWS: [&str; 3] = [
    "Direction de l'école;directeur@école.fr",
    "Élodie Martin;élodie@ac-lyon.fr",
    "Jean Dupont;j.dupont@ac-lille.example",
];

#[test]
fn check_warns_about_a_local_part_beyond_ascii_and_notes_converted_domains() {
    let (_campaign, output) = run_on(&ROWS, &["check"], 0);
    let said = text(&output);
    assert!(
        said.contains("warning: liste.csv:3: header `To` (template line 2, column `email`): the address `élodie@ac-lyon.fr` has accented or non-Latin letters before the `@`; it can only be delivered if the relay supports internationalised addresses (SMTPUTF8); if it does not, ask this person for an address without them"),
        "{said}"
    );
    assert_eq!(said.matches("warning: ").count(), 1, "{said}");
    assert!(
        said.contains("1 address has a domain name with accents: it goes out in its ASCII form, which every mail server reads (`directeur@école.fr` as `directeur@xn--cole-9oa.fr`)"),
        "{said}"
    );
    assert!(
        said.contains("3 messages ready") && said.contains(", 1 warning"),
        "{said}"
    );
}

#[test]
fn check_tells_the_same_as_json_events_with_their_data() {
    let (_campaign, output) = run_on(&ROWS, &["check", "--events", "json"], 0);
    let objects: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    let notices: Vec<&Value> = objects.iter().filter(|o| o["event"] == "notice").collect();
    assert_eq!(notices.len(), 2, "{objects:?}");
    let warning = notices[0];
    assert_eq!(warning["kind"], "needs_smtputf8");
    assert_eq!(warning["warning"], true);
    assert_eq!(warning["row"], "liste.csv:3");
    assert_eq!(warning["line"], 3);
    assert_eq!(warning["header"], "To");
    assert_eq!(warning["template_line"], 2);
    assert_eq!(warning["column"], "email");
    assert_eq!(warning["address"], "élodie@ac-lyon.fr");
    let note = notices[1];
    assert_eq!(note["kind"], "ascii_domains");
    assert_eq!(note["warning"], false);
    assert_eq!(
        (&note["count"], &note["written"], &note["sent"]),
        (
            &Value::from(1),
            &Value::from("directeur@école.fr"),
            &Value::from("directeur@xn--cole-9oa.fr")
        )
    );
    let rows: Vec<&Value> = objects.iter().filter(|o| o["event"] == "row").collect();
    assert_eq!(rows[0]["address"], "directeur@xn--cole-9oa.fr");
    let summary = objects.last().expect("a summary");
    assert_eq!(summary["event"], "summary");
    assert_eq!(summary["exit_code"], 0);
    assert_eq!(summary["ready"], 3);
}

#[test]
fn a_domain_with_no_ascii_form_is_an_error_naming_row_column_and_fix() {
    let (_campaign, output) = run_on(&["Direction;directeur@éc ole.fr", ROWS[2]], &["check"], 1);
    let said = text(&output);
    assert!(
        said.contains("error: liste.csv:2: header `To` (template line 2, column `email`): `directeur@éc ole.fr`: `éc ole.fr` is not a valid domain name (accents are allowed, but not spaces, nor signs other than `-` between the dots); correct the address"),
        "{said}"
    );
}

#[test]
fn the_preview_shows_the_ascii_domain_and_the_utf8_local_part() {
    let (campaign, _) = run_on(&ROWS, &["preview", "--out", "revue"], 0);
    let eml = |n: usize| {
        let path = campaign.path().join(format!("revue/messages/{n:05}.eml"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let first = eml(1);
    let text = String::from_utf8_lossy(&first);
    assert!(text.contains("<directeur@xn--cole-9oa.fr>\r\n"), "{text}");
    assert!(!text.contains("école.fr"), "{text}");
    let second = eml(2);
    let parsed = parse_mime(&second);
    let to = parsed.to().and_then(|a| a.first()).expect("To");
    assert_eq!(
        (to.name(), to.address()),
        (Some("Élodie Martin"), Some("élodie@ac-lyon.fr"))
    );
}

#[test]
fn send_hands_the_relay_the_ascii_domain_in_envelope_and_headers() {
    // The test server refuses SMTPUTF8 (see harness/smtp_server.rs): only addresses with
    // an ASCII form go to it.
    let campaign = campaign_of(&[ROWS[0], ROWS[2]]);
    let server = SmtpServer::builder().start();
    let sent = run(campaign.send(&server, &["--rate", "unlimited"]));
    assert_exit(&sent, 0);
    let received = server.messages();
    let to_school = received
        .iter()
        .find(|m| m.rcpt_to == ["directeur@xn--cole-9oa.fr"])
        .unwrap_or_else(|| panic!("the school's message: {received:?}"));
    let parsed = to_school.parsed();
    let to = parsed.to().and_then(|a| a.first()).expect("To");
    assert_eq!(to.address(), Some("directeur@xn--cole-9oa.fr"));
    assert!(to_school.data.is_ascii());
    // The journal knows the recipient by the address that went out.
    let report = campaign.report();
    assert!(
        report.iter().any(|line| line["status"] == "sent"
            && line["to"] == "Direction de l'école <directeur@xn--cole-9oa.fr>"),
        "{report:?}"
    );
}

#[test]
fn send_warns_in_its_first_pass_as_check_does() {
    let campaign = campaign_of(&ROWS);
    let server = SmtpServer::builder().start();
    // A test send makes the same first pass, and sends to the tester alone.
    let sent = run(campaign.send(
        &server,
        &["--to", "testeur@ac-lille.example", "--rate", "unlimited"],
    ));
    let said = text(&sent);
    assert_exit(&sent, 0);
    assert!(
        said.contains("warning: liste.csv:3: header `To` (template line 2, column `email`): the address `élodie@ac-lyon.fr` has accented"),
        "{said}"
    );
    let received = server.messages();
    assert_eq!(received.len(), 3);
    assert!(
        received
            .iter()
            .all(|m| m.rcpt_to == ["testeur@ac-lille.example"])
    );
}
