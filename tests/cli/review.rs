//! The review lock and the preview's tools, end to end: `send --reviewed DIR` sends what was
//! previewed in DIR and refuses anything else, naming what changed, with nothing reaching the
//! SMTP server; `preview --only N` writes one more `.eml` of a big campaign; `preview --open`
//! hands the gallery to the browser.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::prelude::*;
use sha2::{Digest, Sha256};

use crate::harness::{Campaign, SmtpServer, assert_exit, french, missive, text};

/// The sample campaign, without the login its relay needs, previewed in `revue` and approved
/// by its reviewer.
pub(crate) fn previewed_sample() -> Campaign {
    let dir = unapproved_sample();
    let approved = approve(dir.path());
    assert_exit(&approved, 0);
    dir
}

/// The sample campaign previewed in `revue`, not approved yet.
pub(crate) fn unapproved_sample() -> Campaign {
    let dir = Campaign::sample_without_login();
    missive(dir.path())
        .args(["preview", "--out", "revue"])
        .assert()
        .success();
    dir
}

/// `missive approve revue --by 'Marie Dupont'`.
pub(crate) fn approve(dir: &Path) -> Output {
    missive(dir)
        .args(["approve", "revue", "--by", "Marie Dupont"])
        .output()
        .expect("approve runs")
}

pub(crate) fn send_reviewed(dir: &Path, server: &SmtpServer) -> Output {
    send_reviewed_by(missive(dir), server)
}

/// [`send_reviewed`] by `command` (`missive` in a language).
pub(crate) fn send_reviewed_by(mut command: std::process::Command, server: &SmtpServer) -> Output {
    command
        .args([
            "send",
            "--yes",
            "--rate",
            "unlimited",
            "--reviewed",
            "revue",
            "--smtp",
        ])
        .arg(server.url())
        .output()
        .expect("send runs")
}

/// Edits a file of the campaign, as its author would between preview and send.
pub(crate) fn replace_in(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("readable");
    assert!(text.contains(from), "`{from}` not in {}", file.display());
    std::fs::write(file, text.replace(from, to)).expect("writable");
}

/// `send --reviewed` after `change`: exit 1, every `expected` phrase said, nothing sent.
fn refused_after(change: impl FnOnce(&Path), expected: &[&str]) {
    let dir = previewed_sample();
    change(dir.path());
    let server = SmtpServer::builder().start();
    let sent = send_reviewed(dir.path(), &server);
    let output = text(&sent);
    assert_eq!(sent.status.code(), Some(1), "{output}");
    for phrase in expected {
        assert!(output.contains(phrase), "`{phrase}` not in: {output}");
    }
    assert!(output.contains("nothing was sent"), "{output}");
    assert!(
        output.contains(
            "preview again (`missive preview --out revue`, once `revue/approval.json` is deleted), have it reviewed and approved, then send with `--reviewed revue`"
        ),
        "{output}"
    );
    assert_eq!(server.sessions(), 0, "the relay was not even contacted");
    assert!(server.messages().is_empty());
}

#[test]
fn the_reviewed_plan_is_sent() {
    let dir = previewed_sample();
    let server = SmtpServer::builder().start();
    let sent = send_reviewed(dir.path(), &server);
    assert_exit(&sent, 0);
    assert!(
        text(&sent).contains("the 12 messages are those reviewed in `revue`"),
        "{}",
        text(&sent)
    );
    assert!(
        text(&sent).contains(", approved by Marie Dupont on "),
        "{}",
        text(&sent)
    );
    assert_eq!(server.messages().len(), 12);
}

#[test]
fn a_changed_row_is_refused_and_named() {
    refused_after(
        |dir| {
            replace_in(
                &dir.join("recipients/directeurs.csv"),
                "Jules-Ferry",
                "Jules-Ferry (annexe)",
            );
        },
        &[
            "1 message changed:",
            "Hélène Lefèvre <ce.0594112k@ac-lille.example> (recipients/directeurs.csv:2): subject",
            "École élémentaire Jules-Ferry (annexe)",
        ],
    );
}

#[test]
fn an_added_or_removed_recipient_is_refused_and_named() {
    refused_after(
        |dir| {
            let list = dir.join("recipients/directeurs.csv");
            let text = std::fs::read_to_string(&list).expect("list");
            let text = text.replace(
                "Monsieur;Jérôme;N'Diaye;ce.0596230c@ac-lille.example;École primaire Jean-Jaurès;Roubaix\r\n",
                "",
            ) + "Madame;Zoé;Nouvelle;ce.0599999z@ac-lille.example;École du Nord;Lille\r\n";
            std::fs::write(&list, text).expect("edit");
        },
        &[
            "1 recipient added:\n      Zoé Nouvelle <ce.0599999z@ac-lille.example>",
            "1 recipient removed:\n      Jérôme N'Diaye <ce.0596230c@ac-lille.example> (recipients/directeurs.csv:3)",
        ],
    );
}

#[test]
fn a_changed_template_is_refused_and_named() {
    refused_after(
        |dir| {
            replace_in(
                &dir.join("templates/rentree-numerique/message.md"),
                "lundi 26 avril",
                "mardi 27 avril",
            );
        },
        &[
            "the template `templates/rentree-numerique/message.md` changed\n      template line 10: `L’enseignement à distance reprend le **lundi 26 avril 2021**. La semaine` became `L’enseignement à distance reprend le **mardi 27 avril 2021**. La semaine`\n      template line 44: `- **lundi 26 avril, 9 h** : ouverture des classes virtuelles.` became `- **mardi 27 avril, 9 h** : ouverture des classes virtuelles.`\n",
            "12 messages changed:",
            "Hélène Lefèvre <ce.0594112k@ac-lille.example> (recipients/directeurs.csv:2): text line 6: `L’enseignement à distance reprend le lundi 26 avril 2021. La semaine` became `L’enseignement à distance reprend le mardi 27 avril 2021. La semaine`\n",
        ],
    );
}

#[test]
fn a_changed_attachment_is_refused_and_named() {
    refused_after(
        |dir| {
            let image = dir.join("templates/rentree-numerique/infographie-rentree.png");
            let mut bytes = std::fs::read(&image).expect("image");
            bytes.extend_from_slice(b"version 2");
            std::fs::write(&image, bytes).expect("edit");
        },
        &["the attachment `infographie-rentree.png` changed"],
    );
}

#[test]
fn a_folder_without_a_preview_is_refused_and_a_test_send_cannot_claim_review() {
    let dir = previewed_sample();
    let server = SmtpServer::builder().start();
    let refused = missive(dir.path())
        .args(["send", "--yes", "--reviewed", "ailleurs", "--smtp"])
        .arg(server.url())
        .output()
        .expect("send runs");
    assert_exit(&refused, 1);
    assert!(
        text(&refused).contains("`ailleurs` holds no preview"),
        "{}",
        text(&refused)
    );
    let usage = missive(dir.path())
        .args([
            "send",
            "--yes",
            "--reviewed",
            "revue",
            "--to",
            "moi@ac-lille.fr",
            "--smtp",
        ])
        .arg(server.url())
        .output()
        .expect("send runs");
    assert_exit(&usage, 2);
    assert_eq!(server.sessions(), 0);
}

/// A campaign of 1,100 small messages: past 1,000, the preview keeps a sample of `.eml`.
#[test]
fn a_big_preview_keeps_a_sample_of_eml_and_writes_any_other_on_demand() {
    let dir = Campaign::empty();
    dir.write(
        "note.txt",
        "From: ien@ac-lille.fr\nTo: {{ nom }} <{{ email }}>\nSubject: Note {{ nom }}\n\nBonjour {{ nom }}\n",
    );
    let mut list = String::from("nom,email\n");
    for n in 1..=1_100 {
        let _ = writeln!(list, "Nom{n},n{n}@ac-lille.fr");
    }
    dir.write("liste.csv", list);
    let preview = |extra: &[&str]| {
        missive(dir.path())
            .args([
                "preview",
                "-t",
                "note.txt",
                "-r",
                "liste.csv",
                "--out",
                "revue",
            ])
            .args(extra)
            .output()
            .expect("preview runs")
    };
    let written = preview(&[]);
    assert!(written.status.success(), "{}", text(&written));
    let messages = dir.path().join("revue/messages");
    let emls = |dir: &Path| {
        std::fs::read_dir(dir)
            .expect("messages")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "eml"))
            })
            .count()
    };
    // The first 200, then one every 3 (900 rows / 300) up to 1,100.
    assert_eq!(emls(&messages), 200 + 300);
    assert!(
        messages.join("01100.html").is_file(),
        "every message has its page"
    );
    let page = std::fs::read_to_string(messages.join("01048.html")).expect("page");
    assert!(
        page.contains("missive preview -t note.txt -r liste.csv --out revue --only 1048"),
        "the page gives the command"
    );
    assert!(!messages.join("01048.eml").exists());

    let one = preview(&["--only", "1048"]);
    assert!(one.status.success(), "{}", text(&one));
    let eml = std::fs::read(messages.join("01048.eml")).expect("written on demand");
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("revue/manifest.json")).expect("manifest"),
    )
    .expect("json");
    let entry = &manifest["messages"][1047];
    assert_eq!(entry["number"], 1048);
    let digest = Sha256::digest(missive::compose::without_date(&eml));
    let hex = missive::compose::hex(&digest);
    assert_eq!(entry["sha256"], hex.as_str(), "the very message reviewed");

    // Once the list changed, the preview still gives the message reviewed, from its own
    // copy; without that copy, the message composed again is no longer it: refused.
    replace_in(&dir.path().join("liste.csv"), "Nom1048,", "Autre,");
    std::fs::remove_file(messages.join("01048.eml")).expect("removed");
    let kept = preview(&["--only", "1048"]);
    assert!(kept.status.success(), "{}", text(&kept));
    let again = std::fs::read(messages.join("01048.eml")).expect("written from the preview");
    assert_eq!(again, eml, "the message reviewed, byte for byte");
    std::fs::remove_file(messages.join("01048.mime")).expect("removed");
    let stale = preview(&["--only", "1048"]);
    assert_exit(&stale, 1);
    assert!(
        text(&stale).contains("is no longer the one reviewed"),
        "{}",
        text(&stale)
    );
    let absent = preview(&["--only", "5000"]);
    assert_eq!(absent.status.code(), Some(1));
    assert!(
        text(&absent).contains("none numbered 5000"),
        "{}",
        text(&absent)
    );
}

#[test]
fn open_hands_the_gallery_to_the_browser() {
    let dir = Campaign::sample();
    let record = dir.path().join("opened.txt");
    let browser = dir.path().join("navigateur.sh");
    std::fs::write(
        &browser,
        // Written aside, then renamed: the test never reads a file the script is still writing.
        format!(
            "#!/bin/sh\nprintf '%s' \"$1\" > '{0}.part' && mv '{0}.part' '{0}'\n",
            record.display()
        ),
    )
    .expect("script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let opened = missive(dir.path())
        .args(["preview", "--out", "revue", "--open"])
        .env("BROWSER", &browser)
        .output()
        .expect("preview runs");
    assert!(opened.status.success(), "{}", text(&opened));
    assert!(
        text(&opened).contains("opening it with"),
        "{}",
        text(&opened)
    );
    let started = Instant::now();
    while !record.is_file() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let target = std::fs::read_to_string(&record).expect("the browser was started");
    assert_eq!(
        Path::new(&target),
        dir.path()
            .join("revue/index.html")
            .canonicalize()
            .expect("index")
    );

    let nowhere = missive(dir.path())
        .args(["preview", "--out", "revue", "--open"])
        .env("BROWSER", dir.path().join("pas-de-navigateur"))
        .env("PATH", dir.path())
        .output()
        .expect("preview runs");
    assert!(nowhere.status.success(), "best effort: {}", text(&nowhere));
    assert!(
        text(&nowhere).contains("no browser found to open it"),
        "{}",
        text(&nowhere)
    );
}

/// `send --reviewed` under a French locale after `change`: exit 1, every `said` phrase said,
/// the relay not even contacted.
pub(crate) fn refused_in_french_after(change: impl FnOnce(&Path), said: &[&str]) {
    let dir = previewed_sample();
    change(dir.path());
    let server = SmtpServer::builder().start();
    let sent = send_reviewed_by(french(dir.path()), &server);
    let output = text(&sent);
    assert_eq!(sent.status.code(), Some(1), "{output}");
    for said in said {
        assert!(output.contains(said), "`{said}` not in: {output}");
    }
    assert_eq!(server.sessions(), 0);
}

/// Under a French locale, the refusal names what changed in French, nothing sent.
#[test]
fn a_changed_row_is_refused_in_french() {
    refused_in_french_after(
        |dir| {
            replace_in(
                &dir.join("recipients/directeurs.csv"),
                "Jules-Ferry",
                "Jules-Ferry (annexe)",
            );
        },
        &[
            "les messages ne sont pas ceux relus dans «\u{a0}revue\u{a0}»\u{202f}; rien n'a été envoyé\u{a0}:",
            "  - 1 message modifié\u{a0}:\n      Hélène Lefèvre <ce.0594112k@ac-lille.example> (recipients/directeurs.csv:2)\u{a0}: objet «\u{a0}",
            "refaites l'aperçu (`missive preview --out revue`, une fois «\u{a0}revue/approval.json\u{a0}» supprimé), faites-le relire et approuver, puis envoyez avec `--reviewed revue`",
        ],
    );
}

/// The byte-order mark that tells Excel a CSV is UTF-8.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// The rows of a CSV report, its header row apart.
fn csv_rows(bytes: &[u8], delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(bytes);
    let header = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|record| record.expect("a row").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// `report --format csv`: `,` and no byte-order mark under `LANG=C`; under French, or with
/// `--excel`, what French Excel opens directly (`;`, UTF-8 with a byte-order mark); the
/// header row in the language, the rows the same in every form.
#[test]
fn the_csv_report_opens_in_french_excel_and_its_rows_never_change() {
    let dir = previewed_sample();
    let server = SmtpServer::builder().start();
    assert_exit(&send_reviewed(dir.path(), &server), 0);
    let report = |mut command: std::process::Command, args: &[&str]| {
        let output = command
            .arg("report")
            .args(args)
            .output()
            .expect("report runs");
        assert_exit(&output, 0);
        output.stdout
    };
    let plain = report(missive(dir.path()), &[]);
    assert!(!plain.starts_with(BOM));
    let (header, rows) = csv_rows(&plain, b',');
    assert_eq!(header[..4], ["row", "to", "status", "code"]);
    assert_eq!(rows.len(), 12);
    assert!(rows.iter().all(|row| row[2] == "sent" && row[3] == "250"));

    let excel = report(french(dir.path()), &["--format", "csv"]);
    assert!(excel.starts_with(BOM), "a byte-order mark for Excel");
    assert!(
        String::from_utf8_lossy(&excel).contains("\r\n"),
        "lines end as Excel writes them"
    );
    let (french_header, french_rows) = csv_rows(&excel[BOM.len()..], b';');
    assert_eq!(
        french_header[..4],
        ["ligne", "destinataire", "état", "code"]
    );
    assert_eq!(french_header.len(), header.len());
    assert_eq!(french_rows, rows, "the data are the same in French");

    let asked = report(missive(dir.path()), &["--excel"]);
    assert!(asked.starts_with(BOM));
    let (excel_header, excel_rows) = csv_rows(&asked[BOM.len()..], b';');
    assert_eq!(excel_header, header, "English headings, Excel's form");
    assert_eq!(excel_rows, rows);

    let written = french(dir.path())
        .args(["report", "-o", "rapport.csv"])
        .output()
        .expect("report runs");
    assert_exit(&written, 0);
    assert!(
        text(&written).contains("`12` lignes écrites dans «\u{a0}rapport.csv\u{a0}»"),
        "{}",
        text(&written)
    );
    let file = std::fs::read(dir.path().join("rapport.csv")).expect("the report");
    assert_eq!(file, excel);
    let jsonl = report(french(dir.path()), &["--format", "jsonl"]);
    let first: serde_json::Value =
        serde_json::from_slice(jsonl.split(|b| *b == b'\n').next().expect("a line")).expect("JSON");
    assert_eq!(first["status"], "sent", "JSON keeps its keys and values");
}
