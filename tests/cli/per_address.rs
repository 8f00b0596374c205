//! A message to a head copied to their deputy (To + Cc), one of the two refused: `report`
//! tells each address, `status` names the refused one, a second `send` sends nothing, and
//! `send --retry-failed` sends to the refused address alone.

use std::fmt::Write as _;

use crate::harness::{Campaign, Event, SmtpServer, assert_exit, run, text};

/// Three heads, each copied to their deputy (`adjoint.N@ac-lille.example`).
fn campaign_with_deputies() -> Campaign {
    let campaign = Campaign::new(0);
    campaign.write(
        "message.md",
        "From: Inspection de Lille 1 <ien.lille-1@ac-lille.example>\nTo: {{ nom }} <{{ email }}>\nCc: {{ adjoint }}\nSubject: Rentrée numérique — {{ nom }}\n\nBonjour {{ nom }},\n\nla rentrée numérique a lieu lundi.\n",
    );
    let mut list = String::from("nom;email;adjoint\n");
    for n in 0..3 {
        let _ = writeln!(
            list,
            "Directrice {n};ce.{n:07}@ac-lille.example;adjoint.{n}@ac-lille.example"
        );
    }
    campaign.write("liste.csv", list);
    campaign
}

/// The report lines of list line 3 (the second head): `(to, status, code)`.
fn lines_of_row_3(campaign: &Campaign) -> Vec<(String, String, Option<u64>)> {
    campaign
        .report()
        .into_iter()
        .filter(|line| line["row"] == "liste.csv:3")
        .map(|line| {
            (
                line["to"].as_str().unwrap_or_default().to_string(),
                line["status"].as_str().unwrap_or_default().to_string(),
                line["code"].as_u64(),
            )
        })
        .collect()
}

/// The lines of list line 3 when its head got the message and its deputy `status` with
/// `code`.
fn head_and_deputy(status: &str, code: u64) -> Vec<(String, String, Option<u64>)> {
    vec![
        (
            "ce.0000001@ac-lille.example".into(),
            "sent".into(),
            Some(250),
        ),
        (
            "adjoint.1@ac-lille.example".into(),
            status.into(),
            Some(code),
        ),
    ]
}

/// What a run that met a refused Cc leaves in the journal, written into it by hand: the
/// delivery stage of this branch reports no outcome per address yet, the journal keeps
/// them already. `report`, `status` and the next runs read them as they would.
#[test]
fn a_refused_cc_is_reported_named_by_status_and_only_it_is_retried() {
    let campaign = campaign_with_deputies();
    let server = SmtpServer::builder().start();
    assert_exit(&run(campaign.send(&server, &["--rate", "unlimited"])), 0);
    assert_eq!(server.messages().len(), 3);
    let journal = rusqlite::Connection::open(campaign.journal()).expect("the journal");
    journal
        .execute_batch(
            "INSERT INTO addresses (key, address, ord, state, code, reply, attempts, updated)
             SELECT key, 'ce.0000001@ac-lille.example', 0, 'sent', 250, '2.0.0 Ok: queued', 1, updated
             FROM recipients WHERE row = 'liste.csv:3';
             INSERT INTO addresses (key, address, ord, state, code, reply, attempts, updated)
             SELECT key, 'adjoint.1@ac-lille.example', 1, 'failed', 550,
                    '5.1.1 <adjoint.1@ac-lille.example>: Recipient address rejected', 1, updated
             FROM recipients WHERE row = 'liste.csv:3';",
        )
        .expect("a refused Cc");
    drop(journal);

    assert_eq!(lines_of_row_3(&campaign), head_and_deputy("failed", 550));
    let report = campaign.report();
    assert_eq!(
        report.len(),
        4,
        "one line per message, two for the third row"
    );
    assert!(
        report[2]["reply"]
            .as_str()
            .is_some_and(|reply| reply.contains("Recipient address rejected")),
        "{report:?}"
    );

    let status = run(campaign.missive(&["status"]));
    assert_exit(&status, 0);
    let said = text(&status);
    assert!(said.contains("sent       3"), "{said}");
    assert!(
        said.contains(
            "`1` address refused by the relay while their message reached its other recipients"
        ) && said.contains("`adjoint.1@ac-lille.example` (liste.csv:3: 550 5.1.1")
            && said.contains("`missive send --retry-failed` sends to them alone"),
        "{said}"
    );
    assert!(!said.contains("nothing left to do"), "{said}");

    // Not delivered to everyone (exit 3), and nothing to send without `--retry-failed`.
    let again = run(campaign.send(&server, &["--rate", "unlimited"]));
    assert_exit(&again, 3);
    assert!(text(&again).contains("nothing to send"), "{}", text(&again));
    assert_eq!(server.messages().len(), 3, "nobody gets it twice");

    let retried = run(campaign.send(&server, &["--retry-failed", "--rate", "unlimited"]));
    assert_exit(&retried, 0);
    let messages = server.messages();
    assert_eq!(messages.len(), 4);
    assert_eq!(
        messages[3].rcpt_to,
        ["adjoint.1@ac-lille.example"],
        "the refused Cc alone"
    );
    let cc = messages[3].parsed();
    assert!(
        cc.cc()
            .and_then(|cc| cc.first())
            .and_then(|cc| cc.address())
            .is_some_and(|address| address == "adjoint.1@ac-lille.example"),
        "the same message, its Cc header kept"
    );
    assert_eq!(lines_of_row_3(&campaign), head_and_deputy("sent", 250));
    let said = text(&run(campaign.missive(&["status"])));
    assert!(said.contains("nothing left to do"), "{said}");
}

/// End to end through the test server: its Cc refused at RCPT, a message still goes to its
/// To; `report` gives the two addresses, `status` names the refused one, and a second
/// `send` sends nothing.
#[test]
fn a_cc_refused_at_rcpt_fails_alone_through_the_real_server() {
    let campaign = campaign_with_deputies();
    let server = SmtpServer::builder()
        .script(|event| match event {
            Event::Rcpt { to, .. } if to.starts_with("adjoint.1@") => {
                Some((550, "5.1.1 unknown".into()))
            }
            _ => None,
        })
        .start();
    let sent = run(campaign.send(&server, &["--rate", "unlimited"]));
    let said = text(&sent);
    assert_eq!(sent.status.code(), Some(3), "a Cc did not get it: {said}");
    let messages = server.messages();
    assert_eq!(messages.len(), 3, "{said}");
    let to_head: Vec<&crate::harness::Received> = messages
        .iter()
        .filter(|m| m.rcpt_to.iter().any(|r| r == "ce.0000001@ac-lille.example"))
        .collect();
    assert_eq!(to_head.len(), 1);
    assert_eq!(to_head[0].rcpt_to, ["ce.0000001@ac-lille.example"]);

    let lines = lines_of_row_3(&campaign);
    assert_eq!(lines, head_and_deputy("failed", 550));
    let report = campaign.report();
    assert!(
        report.iter().any(|line| line["reply"]
            .as_str()
            .is_some_and(|r| r.contains("5.1.1 unknown"))),
        "{report:?}"
    );

    let status = run(campaign.missive(&["status"]));
    let said = text(&status);
    assert!(
        said.contains("`1` address refused") && said.contains("adjoint.1@ac-lille.example"),
        "{said}"
    );

    let again = run(campaign.send(&server, &["--rate", "unlimited"]));
    assert_exit(&again, 3);
    assert_eq!(server.messages().len(), 3, "a second send sends nothing");
}
