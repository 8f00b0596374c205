//! A list longer than the duplicate index keeps in memory (131,072 envelopes): the index then
//! writes its runs to temporary files (in `TMPDIR`). When it cannot, the rest of the list
//! cannot be checked for duplicates, so nothing is sent, even with `--skip-invalid`: that
//! option leaves out broken rows, not a check that stopped halfway.

use std::fmt::Write as _;

use crate::harness::{Campaign, SmtpServer, missive, text};

/// Just past what the index keeps in memory.
const ROWS: usize = 131_100;

#[test]
fn a_duplicate_index_that_cannot_write_stops_send_even_with_skip_invalid() {
    let campaign = Campaign::empty();
    campaign
        .write(
            "campaign.toml",
            "id = \"longue-liste\"\ntemplate = \"message.txt\"\nrecipients = \"liste.csv\"\n",
        )
        .write(
            "message.txt",
            "From: Inspection <ien.lille-1@ac-lille.fr>\nTo: <{{ email }}>\nSubject: Rentrée\n\nBonjour.\n",
        );
    let mut list = String::from("email\n");
    for row in 0..ROWS {
        let _ = writeln!(list, "ce.{row:07}@ac-lille.fr");
    }
    campaign.write("liste.csv", list);
    let root = campaign.path();
    let server = SmtpServer::builder().start();

    let output = missive(root)
        .args([
            "send",
            "--yes",
            "--skip-invalid",
            "--smtp",
            &server.url(),
            "--rate",
            "unlimited",
        ])
        // A folder that does not exist: the index's first run cannot be written.
        .env("TMPDIR", root.join("absent"))
        .output()
        .expect("missive runs");

    let said = text(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("cannot write the temporary index of duplicates")
            && said.contains("set TMPDIR to a writable folder"),
        "{said}"
    );
    assert!(server.messages().is_empty(), "nothing may leave");
}
