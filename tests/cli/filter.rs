//! `--where EXPR` on the sample campaign (twelve heads, three of them in Lille): `check`
//! counts the rows it keeps, the preview lists only them and says the filter, `send` sends
//! only them and the journal does not count the others as failed or skipped.

use crate::harness::{Campaign, SmtpServer, assert_exit, french, missive, text};

const LILLE: &str = "commune == \"Lille\"";

#[test]
fn check_says_how_many_rows_match() {
    let dir = Campaign::sample_without_login();
    let checked = missive(dir.path())
        .args(["check", "--where", LILLE])
        .output()
        .expect("runs");
    let output = text(&checked);
    assert!(checked.status.success(), "{output}");
    assert!(output.contains("3 messages ready"), "{output}");
    assert!(
        output.contains("3 of 12 rows match the filter `--where commune == \"Lille\"`"),
        "{output}"
    );
}

#[test]
fn an_unknown_column_is_named_with_the_columns_of_the_list() {
    let dir = Campaign::sample_without_login();
    let checked = missive(dir.path())
        .args(["check", "--where", "ville == \"Lille\""])
        .output()
        .expect("runs");
    let output = text(&checked);
    assert_eq!(checked.status.code(), Some(1), "{output}");
    assert!(output.contains("`ville`"), "{output}");
    assert!(
        output.contains("civilite, prenom, nom, email, ecole, commune"),
        "{output}"
    );

    let checked = french(dir.path())
        .args(["check", "--where", "ville == \"Lille\""])
        .output()
        .expect("runs");
    let output = text(&checked);
    assert_eq!(checked.status.code(), Some(1), "{output}");
    assert!(
        output.contains(
            "erreur\u{a0}: `--where ville == \"Lille\"` nomme `ville`, qui n'est pas une colonne \
             de la liste (colonnes\u{a0}: «\u{a0}civilite\u{a0}», «\u{a0}prenom\u{a0}», «\u{a0}nom\u{a0}», \
             «\u{a0}email\u{a0}», «\u{a0}ecole\u{a0}», «\u{a0}commune\u{a0}»)"
        ),
        "{output}"
    );
    assert!(
        output.contains("\u{202f}; utilisez l'une d'elles, ou `row[\"Nom de la colonne\"]`"),
        "{output}"
    );
}

#[test]
fn the_preview_lists_only_the_matching_messages_and_says_the_filter() {
    let dir = Campaign::sample_without_login();
    let previewed = missive(dir.path())
        .args(["preview", "--out", "revue", "--where", LILLE])
        .output()
        .expect("runs");
    assert!(previewed.status.success(), "{}", text(&previewed));
    let out = dir.path().join("revue");
    let emls = std::fs::read_dir(out.join("messages"))
        .expect("messages")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .count();
    assert_eq!(emls, 3);
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(
        index.contains("<code>--where commune == &quot;Lille&quot;</code>"),
        "{index}"
    );
    assert!(index.contains("3 of 12"), "{index}");
    // The send the gallery proposes keeps the filter, so it matches the reviewed plan.
    assert!(index.contains("--where"), "{index}");
}

#[test]
fn send_sends_only_the_matching_rows_and_journals_no_failure() {
    let dir = Campaign::sample_without_login();
    let reviewed = missive(dir.path())
        .args(["preview", "--out", "revue", "--where", LILLE])
        .output()
        .expect("runs");
    assert!(reviewed.status.success(), "{}", text(&reviewed));
    let approved = missive(dir.path())
        .args(["approve", "revue", "--by", "Marie Dupont", "--where", LILLE])
        .output()
        .expect("runs");
    assert_exit(&approved, 0);
    let server = SmtpServer::builder().start();
    let sent = missive(dir.path())
        .args([
            "send",
            "--yes",
            "--rate",
            "unlimited",
            "--reviewed",
            "revue",
        ])
        .args(["--where", LILLE, "--smtp"])
        .arg(server.url())
        .output()
        .expect("send runs");
    assert_exit(&sent, 0);
    assert_eq!(server.messages().len(), 3);

    let report = missive(dir.path())
        .args(["report", "--format", "csv"])
        .output()
        .expect("report runs");
    let report = String::from_utf8_lossy(&report.stdout).into_owned();
    let rows: Vec<&str> = report.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{report}");
    assert!(rows.iter().all(|row| row.contains(",sent,")), "{report}");

    // Without the filter, the other nine are still to send; the three are not sent twice.
    let rest = missive(dir.path())
        .args(["send", "--yes", "--rate", "unlimited", "--smtp"])
        .arg(server.url())
        .output()
        .expect("send runs");
    assert_exit(&rest, 0);
    assert_eq!(server.messages().len(), 12);
}
