//! `missive status` and `missive report` as a person reads them after a run: rows left out,
//! what the counts count, a campaign folder they may only read.

use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::harness::{Campaign, Event, SmtpServer, address, assert_exit, run, text, unprivileged};

/// A list of ten heads, with a row whose address is not one (line 7), a row whose address
/// is empty (line 8) and a row repeating line 2's head (line 14).
fn campaign_with_bad_rows() -> Campaign {
    let campaign = Campaign::new(0);
    let mut list = String::from("nom;email\n");
    for n in 0..10 {
        if n == 5 {
            list.push_str("Mauvaise;pas-une-adresse\nVide;\n");
        }
        let _ = writeln!(list, "Directrice {n};{}", address(n));
    }
    let _ = writeln!(list, "Directrice 0 encore;{}", address(0));
    campaign.write("liste.csv", list);
    campaign
}

/// After `send --skip-invalid`, the two rows left out were never sent: status says so, names
/// them, and never that nothing is left to do; its counts add up to the list's rows.
#[test]
fn status_after_skip_invalid_names_the_rows_left_out_and_counts_add_up() {
    let campaign = campaign_with_bad_rows();
    let server = SmtpServer::builder().start();
    let sent = run(campaign.send(&server, &["--skip-invalid", "--rate", "unlimited"]));
    assert_exit(&sent, 0);
    assert_eq!(server.messages().len(), 10);
    let said = text(&sent);
    assert!(
        said.contains("`2` rows of the list were left out"),
        "{said}"
    );

    let status = run(campaign.missive(&["status"]));
    assert_exit(&status, 0);
    let said = text(&status);
    assert!(!said.contains("nothing left to do"), "{said}");
    assert!(
        said.contains("`13` row(s) in the list: `10` recipient(s)")
            && said.contains("`2` row(s) left out, never sent")
            && said.contains("`1` row(s) repeating an earlier row"),
        "{said}"
    );
    assert!(said.contains("sent       10"), "{said}");
    assert!(
        said.contains("liste.csv:7: header `To`") && said.contains("is not an email address"),
        "{said}"
    );
    assert!(
        said.contains("liste.csv:8: header `To`") && said.contains("the `email` column is empty"),
        "{said}"
    );
    assert!(
        said.contains("next: `2` rows of the list were left out and never sent"),
        "{said}"
    );

    // Mended, the list goes out to the two alone, and then nothing is left.
    let mut list = std::fs::read_to_string(campaign.path().join("liste.csv")).expect("list");
    list = list
        .replace("pas-une-adresse", "mauvaise@ac-lille.example")
        .replace("Vide;\n", "Vide;vide@ac-lille.example\n");
    campaign.write("liste.csv", list);
    let mended = run(campaign.send(&server, &["--rate", "unlimited"]));
    assert_exit(&mended, 0);
    assert_eq!(server.messages().len(), 12);
    let said = text(&run(campaign.missive(&["status"])));
    assert!(said.contains("nothing left to do"), "{said}");
    assert!(
        said.contains("`13` row(s) in the list: `12` recipient(s)"),
        "{said}"
    );
}

/// More rows left out than status names: a few, then how many more.
#[test]
fn status_names_a_few_rows_left_out_then_how_many_more() {
    let campaign = Campaign::new(0);
    let mut list = String::from("nom;email\n");
    for n in 0..9 {
        let _ = writeln!(list, "Sans adresse {n};");
    }
    list.push_str("Directrice;ce.0000000@ac-lille.example\n");
    campaign.write("liste.csv", list);
    let server = SmtpServer::builder().start();
    assert_exit(
        &run(campaign.send(&server, &["--skip-invalid", "--rate", "unlimited"])),
        0,
    );
    let said = text(&run(campaign.missive(&["status"])));
    assert!(said.contains("liste.csv:2: header `To`"), "{said}");
    assert!(!said.contains("liste.csv:10: header `To`"), "{said}");
    assert!(said.contains("and `4` more"), "{said}");
}

/// Sets the permissions of `path` and everything in it: folders `folders`, files `files`.
fn chmod_all(path: &Path, folders: u32, files: u32) {
    let mode = if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("a folder") {
            chmod_all(&entry.expect("an entry").path(), folders, files);
        }
        folders
    } else {
        files
    };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A campaign folder its reader may not write (a reviewer's copy, a share): `status` and
/// `report` read the journal all the same, and write nothing; a journal emptied there while
/// its lock remains is still refused.
#[test]
fn status_and_report_read_a_campaign_folder_they_may_not_write() {
    let campaign = Campaign::new(3);
    let server = SmtpServer::builder().start();
    assert_exit(&run(campaign.send(&server, &["--rate", "unlimited"])), 0);
    let journal = campaign.journal();
    assert!(
        !journal.with_file_name("journal.sqlite-wal").exists(),
        "a run that ended folds its log in"
    );
    let listing = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(journal.parent().expect("its folder"))
            .expect("the journal's folder")
            .map(|e| e.expect("an entry").file_name().to_string_lossy().into())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    chmod_all(campaign.path(), 0o555, 0o444);
    let as_reader = |args: &[&str]| unprivileged(campaign.missive(args));

    let Some(status) = as_reader(&["status"]) else {
        chmod_all(campaign.path(), 0o755, 0o644);
        return;
    };
    let status = run(status);
    let report = as_reader(&["report", "--format", "jsonl"]).map(run);
    chmod_all(campaign.path(), 0o755, 0o644);
    assert_exit(&status, 0);
    assert!(text(&status).contains("sent       3"), "{}", text(&status));
    let report = report.expect("the same user");
    assert_exit(&report, 0);
    let lines = String::from_utf8_lossy(&report.stdout).into_owned();
    assert_eq!(lines.lines().count(), 3, "{lines}");
    assert_eq!(lines.matches("\"status\":\"sent\"").count(), 3, "{lines}");
    assert_eq!(listing(), before, "nothing written beside the journal");

    // Emptied, its lock beside it: refused, as in a folder that may be written.
    std::fs::write(&journal, b"").expect("emptied");
    chmod_all(campaign.path(), 0o555, 0o444);
    let refused = as_reader(&["status"]).map(run);
    chmod_all(campaign.path(), 0o755, 0o644);
    let refused = refused.expect("the same user");
    assert_exit(&refused, 1);
    assert!(
        text(&refused).contains("deleted or emptied since"),
        "{}",
        text(&refused)
    );
}

/// A recipient greylisted until the run gave up: status counts it deferred, quotes the
/// server's last words, and says that running `missive send` again tries it.
#[test]
fn status_quotes_the_last_reply_of_a_deferred_recipient() {
    let campaign = Campaign::new(3);
    let server = SmtpServer::builder()
        .script(|event| match event {
            Event::Rcpt { to, .. } if to.starts_with("ce.0000001@") => Some((
                451,
                "4.7.1 Greylisted, please try again in 300 seconds".into(),
            )),
            _ => None,
        })
        .start();
    let sent = run(campaign.send(&server, &["--rate", "unlimited", "--max-attempts", "1"]));
    assert_exit(&sent, 3);
    let said = text(&run(campaign.missive(&["status"])));
    assert!(said.contains("deferred   1"), "{said}");
    assert!(
        said.contains("`1` deferred: the receiving server asked to try later (last reply: `451 4.7.1 Greylisted, please try again in 300 seconds`)")
            && said.contains("run `missive send` again in a few minutes"),
        "{said}"
    );
}
