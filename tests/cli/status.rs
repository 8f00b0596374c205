//! `missive status` and `missive report` as a person reads them after a run: rows left out,
//! what the counts count.

use std::fmt::Write as _;

use crate::harness::{Campaign, SmtpServer, address, assert_exit, run, text};

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
        said.contains("`2` row(s) of the list were left out"),
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
        said.contains("next: `2` row(s) of the list were left out and never sent"),
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
