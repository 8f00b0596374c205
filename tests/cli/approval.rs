//! `missive approve`: the reviewer's word recorded (who, which plan, when), required by
//! `send --reviewed`, and kept from passing for a version nobody saw.

use std::path::Path;

use assert_cmd::prelude::*;
use sha2::{Digest, Sha256};

use crate::harness::{Campaign, SmtpServer, assert_exit, french, missive, run, text};
use crate::review::{
    approve, previewed_sample, replace_in, send_reviewed, send_reviewed_by, unapproved_sample,
};

/// What `approve` wrote in `revue/approval.json`.
fn approval_file(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("revue/approval.json")).expect("an approval");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn approve_records_who_approved_which_plan_and_says_it() {
    let dir = unapproved_sample();
    let approved = approve(dir.path());
    assert_exit(&approved, 0);
    let said = text(&approved);
    let manifest = std::fs::read(dir.path().join("revue/manifest.json")).expect("manifest");
    let plan = missive::compose::hex(&Sha256::digest(&manifest));
    assert!(
        said.contains(&format!(
            "approved by Marie Dupont: 12 messages, plan {}…; send it with `missive send --reviewed revue`",
            &plan[..12]
        )),
        "{said}"
    );
    let file = approval_file(dir.path());
    assert_eq!(file["approved_by"], "Marie Dupont");
    assert_eq!(file["manifest_sha256"], plan.as_str());
    assert_eq!(file["messages"], 12);
    let at = file["approved_at"].as_str().expect("a time");
    assert!(at.ends_with('Z') && at.len() == 20, "RFC 3339, UTC: {at}");
    // Approving again replaces the approval, and says so.
    let again = missive(dir.path())
        .args(["approve", "revue", "--by", "Paul Martin"])
        .output()
        .expect("approve runs");
    assert_exit(&again, 0);
    assert!(
        text(&again).contains("the approval by Marie Dupont on "),
        "{}",
        text(&again)
    );
    assert!(text(&again).contains(" is replaced"), "{}", text(&again));
    assert_eq!(approval_file(dir.path())["approved_by"], "Paul Martin");
    // A broken approval is replaced too: approving again is its fix.
    std::fs::write(dir.path().join("revue/approval.json"), "{").expect("broken");
    assert_exit(&approve(dir.path()), 0);
    assert_eq!(approval_file(dir.path())["approved_by"], "Marie Dupont");
    // A name is required, and not an empty one.
    for args in [
        &["approve", "revue"][..],
        &["approve", "revue", "--by", " "],
    ] {
        let refused = missive(dir.path()).args(args).output().expect("runs");
        assert_exit(&refused, 2);
    }
}

#[test]
fn a_send_without_approval_is_refused_and_nothing_sent() {
    let dir = unapproved_sample();
    let server = SmtpServer::builder().start();
    let sent = send_reviewed(dir.path(), &server);
    let output = text(&sent);
    assert_eq!(sent.status.code(), Some(1), "{output}");
    assert!(
        output.contains(
            "`revue` has not been approved: ask the reviewer to run `missive approve revue --by NAME`"
        ),
        "{output}"
    );
    assert_eq!(server.sessions(), 0);
    assert!(server.messages().is_empty());
}

#[test]
fn an_approved_folder_is_not_previewed_over() {
    let dir = previewed_sample();
    let manifest = std::fs::read(dir.path().join("revue/manifest.json")).expect("manifest");
    let again = missive(dir.path())
        .args(["preview", "--out", "revue"])
        .output()
        .expect("preview runs");
    let output = text(&again);
    assert_eq!(again.status.code(), Some(1), "{output}");
    assert!(
        output.contains("`revue` was approved by Marie Dupont on "),
        "{output}"
    );
    assert!(
        output.contains("preview into another folder (`--out OTHER`), or delete `revue/approval.json` to withdraw the approval"),
        "{output}"
    );
    let kept = std::fs::read(dir.path().join("revue/manifest.json")).expect("manifest");
    assert_eq!(kept, manifest, "the approved preview is left as it was");
    assert_eq!(approval_file(dir.path())["approved_by"], "Marie Dupont");
    // Another folder is previewed into, and the approved one still sends.
    missive(dir.path())
        .args(["preview", "--out", "revue-2"])
        .assert()
        .success();
    let server = SmtpServer::builder().start();
    assert_exit(&send_reviewed(dir.path(), &server), 0);
    assert_eq!(server.messages().len(), 12);
}

#[test]
fn a_campaign_changed_since_its_preview_is_not_approved() {
    let dir = unapproved_sample();
    replace_in(
        &dir.path().join("templates/rentree-numerique/message.md"),
        "lundi 26 avril",
        "mardi 27 avril",
    );
    let refused = approve(dir.path());
    let output = text(&refused);
    assert_eq!(refused.status.code(), Some(1), "{output}");
    for phrase in [
        "the messages are no longer the ones previewed in `revue`; nothing was approved:",
        "the template `templates/rentree-numerique/message.md` changed",
        "12 messages changed:",
        "approve it (`missive approve revue --by NAME`)",
    ] {
        assert!(output.contains(phrase), "`{phrase}` not in: {output}");
    }
    assert!(!dir.path().join("revue/approval.json").exists());
}

#[test]
fn an_approval_of_another_plan_is_refused() {
    let dir = previewed_sample();
    let path = dir.path().join("revue/approval.json");
    let mut file = approval_file(dir.path());
    file["manifest_sha256"] = missive::compose::hex(&Sha256::digest(b"another preview")).into();
    std::fs::write(&path, file.to_string()).expect("edited");
    let server = SmtpServer::builder().start();
    let sent = send_reviewed(dir.path(), &server);
    let output = text(&sent);
    assert_eq!(sent.status.code(), Some(1), "{output}");
    assert!(
        output.contains("`revue` was previewed again after Marie Dupont approved it on "),
        "{output}"
    );
    assert!(output.contains("nothing was sent"), "{output}");
    assert_eq!(server.sessions(), 0);
}

#[test]
fn a_send_without_review_says_so() {
    let dir = Campaign::sample_without_login();
    let server = SmtpServer::builder().start();
    let sent = run(dir.send(&server, &["--rate", "unlimited"]));
    assert_exit(&sent, 0);
    assert!(
        text(&sent).contains(", with no review asked (`--reviewed DIR`)"),
        "{}",
        text(&sent)
    );
}

#[test]
fn approval_is_said_in_french() {
    let dir = unapproved_sample();
    let server = SmtpServer::builder().start();
    let refused = send_reviewed_by(french(dir.path()), &server);
    let output = text(&refused);
    assert_eq!(refused.status.code(), Some(1), "{output}");
    assert!(
        output.contains("«\u{a0}revue\u{a0}» n'a pas été approuvé\u{a0}: demandez au relecteur ou à la relectrice de lancer `missive approve revue --by NOM`"),
        "{output}"
    );
    let approved = french(dir.path())
        .args(["approve", "revue", "--by", "Marie Dupont"])
        .output()
        .expect("approve runs");
    assert_exit(&approved, 0);
    assert!(
        text(&approved).contains("approuvé par Marie Dupont\u{a0}: 12 messages, plan "),
        "{}",
        text(&approved)
    );
    let sent = send_reviewed_by(french(dir.path()), &server);
    assert_exit(&sent, 0);
    assert!(
        text(&sent).contains(", approuvé par Marie Dupont le "),
        "{}",
        text(&sent)
    );
    let over = french(dir.path())
        .args(["preview", "--out", "revue"])
        .output()
        .expect("preview runs");
    assert_eq!(over.status.code(), Some(1), "{}", text(&over));
    assert!(
        text(&over).contains("«\u{a0}revue\u{a0}» a été approuvé par Marie Dupont le "),
        "{}",
        text(&over)
    );
}
