//! The review folder as a reviewer gets it and as a refused send describes it: small enough to
//! mail (the infographic every message carries is stored once, each message kept as its text),
//! still every message in the gallery and whole on demand; and a change after the review
//! named down to the line, in English and French.

use std::path::Path;

use assert_cmd::prelude::*;

use crate::harness::{Campaign, SmtpServer, assert_exit, missive, text};
use crate::review::{
    approve, previewed_sample, refused_in_french_after, replace_in, send_reviewed,
};

const INFOGRAPHIC: &str = "templates/rentree-numerique/infographie-rentree.png";

/// The sample campaign with `rows` heads: its twelve rows again and again, each address its
/// own (`ce.0000000x@ac-lille.example`, …).
fn sample_with_heads(rows: usize) -> Campaign {
    let dir = Campaign::sample_without_login();
    let list = dir.path().join("recipients/directeurs.csv");
    let text = std::fs::read_to_string(&list).expect("the sample's list");
    let mut lines = text.trim_start_matches('\u{feff}').split("\r\n");
    let header = lines.next().expect("a header row");
    let heads: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    let mut out = format!("\u{feff}{header}\r\n");
    for n in 0..rows {
        let mut fields: Vec<String> = heads[n % heads.len()]
            .split(';')
            .map(str::to_string)
            .collect();
        fields[3] = format!("ce.{n:07}x@ac-lille.example");
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    }
    std::fs::write(&list, out).expect("list written");
    dir
}

/// The bytes of every file below `dir`.
fn folder_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .expect("a folder")
        .map(|entry| {
            let entry = entry.expect("an entry");
            let kind = entry.file_type().expect("a type");
            if kind.is_dir() {
                folder_size(&entry.path())
            } else {
                entry.metadata().expect("metadata").len()
            }
        })
        .sum()
}

/// A message without its Date line (stamped when it is handed to the relay).
fn undated(message: &[u8]) -> Vec<u8> {
    missive::compose::without_date(message).into_owned()
}

/// 200 heads: the folder holds the infographic once and each message's text, not 200
/// infographics (52.7 MB before, 5.4 MB now); the gallery still lists and shows every
/// message; the folder alone (as mailed) gives any message whole, byte for byte what the send
/// then submits; and it still locks the send.
#[test]
fn a_review_folder_of_200_heads_holds_the_infographic_once_and_every_message() {
    const HEADS: usize = 200;
    /// A message's text, its page and its line of the manifest: about 20 kB for the sample.
    const TEXT_PER_MESSAGE: u64 = 25_000;
    let dir = sample_with_heads(HEADS);
    let previewed = missive(dir.path())
        .args(["preview", "--out", "revue"])
        .output()
        .expect("preview runs");
    assert_exit(&previewed, 0);
    let revue = dir.path().join("revue");
    let messages = revue.join("messages");

    let infographic = std::fs::read(dir.path().join(INFOGRAPHIC)).expect("the infographic");
    let kept: Vec<_> = std::fs::read_dir(revue.join("files"))
        .expect("files/")
        .map(|e| e.expect("an entry").path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read(&kept[0]).expect("kept"), infographic);

    let emls: Vec<_> = (1..=HEADS)
        .filter(|n| messages.join(format!("{n:05}.eml")).is_file())
        .collect();
    assert_eq!(emls, [1, 2, 3, 4, 5], "the first few .eml only");
    let eml_size = std::fs::metadata(messages.join("00001.eml"))
        .expect("an .eml")
        .len();
    assert!(eml_size > infographic.len() as u64, "{eml_size}");
    let size = folder_size(&revue);
    let bound =
        emls.len() as u64 * eml_size + infographic.len() as u64 + HEADS as u64 * TEXT_PER_MESSAGE;
    assert!(
        size < bound,
        "{size} bytes, more than 5 messages, one infographic and {HEADS} texts ({bound})"
    );
    assert!(
        size < HEADS as u64 * infographic.len() as u64 / 5,
        "{size} bytes"
    );

    // The gallery lists every message, each with its page showing the infographic kept.
    let rows = std::fs::read_to_string(revue.join("assets/rows.js")).expect("rows");
    assert_eq!(rows.lines().filter(|l| l.starts_with('[')).count(), HEADS);
    assert!(
        rows.contains("\"ce.0000199x@ac-lille.example\""),
        "the last row"
    );
    let file_name = kept[0].file_name().expect("a name").to_string_lossy();
    for n in 1..=HEADS {
        let page = std::fs::read_to_string(messages.join(format!("{n:05}.html"))).expect("page");
        assert!(page.contains(&format!("../files/{file_name}")), "page {n}");
    }
    let index = std::fs::read_to_string(revue.join("index.html")).expect("index");
    assert!(
        index.contains(".eml files: the first 5 messages, as each carries a big attached file (stored once in files/); for any other, the command is on the message&#39;s page."),
        "the gallery says which messages have their .eml"
    );

    // The folder alone, as a reviewer receives it, gives message 150 whole.
    let mailed = tempfile::tempdir().expect("temp dir");
    let copy = mailed.path().join("revue");
    copy_folder(&revue, &copy);
    let one = missive(mailed.path())
        .args(["preview", "--out", "revue", "--only", "150"])
        .output()
        .expect("preview --only runs");
    assert_exit(&one, 0);
    let rebuilt = std::fs::read(copy.join("messages/00150.eml")).expect("written");

    // Approved and sent: what the relay receives is what the folder holds.
    assert_exit(&approve(dir.path()), 0);
    let server = SmtpServer::builder().start();
    let sent = send_reviewed(dir.path(), &server);
    assert_exit(&sent, 0);
    let received = server.messages();
    assert_eq!(received.len(), HEADS);
    let to_150 = received
        .iter()
        .find(|m| m.rcpt_to == ["ce.0000149x@ac-lille.example"])
        .expect("message 150 received");
    assert_eq!(
        undated(&to_150.data),
        undated(&rebuilt),
        "the message rebuilt from the folder is the one sent"
    );
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder made");
    for entry in std::fs::read_dir(from).expect("a folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copied");
        }
    }
}

/// The infographic's bytes changed after the review of 200 heads (whose folder holds it once):
/// `approve` and `send --reviewed` refuse, naming it, nothing sent.
#[test]
fn a_changed_infographic_is_refused_though_the_folder_holds_it_once() {
    let dir = sample_with_heads(200);
    missive(dir.path())
        .args(["preview", "--out", "revue"])
        .assert()
        .success();
    let image = dir.path().join(INFOGRAPHIC);
    let mut bytes = std::fs::read(&image).expect("image");
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&image, bytes).expect("edited");
    let refused = approve(dir.path());
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    for said in [
        "  - the attachment `infographie-rentree.png` changed\n",
        "<ce.0000000x@ac-lille.example> (recipients/directeurs.csv:2): the attached file `infographie-rentree.png` changed\n",
    ] {
        assert!(
            text(&refused).contains(said),
            "`{said}` not in {}",
            text(&refused)
        );
    }
    assert!(!dir.path().join("revue/approval.json").exists());
}

/// The template changed after the approval: the refusal quotes its changed lines and each
/// message's first changed line of text, in French.
#[test]
fn a_changed_template_is_named_line_by_line_in_french() {
    refused_in_french_after(
        |dir| {
            replace_in(
                &dir.join("templates/rentree-numerique/message.md"),
                "lundi 26 avril 2021",
                "mardi 27 avril 2021",
            );
        },
        &[
            "  - le modèle «\u{a0}templates/rentree-numerique/message.md\u{a0}» a changé\n      ligne 10 du modèle\u{a0}: «\u{a0}L’enseignement à distance reprend le **lundi 26 avril 2021**. La semaine\u{a0}» devient «\u{a0}L’enseignement à distance reprend le **mardi 27 avril 2021**. La semaine\u{a0}»\n",
            "      Hélène Lefèvre <ce.0594112k@ac-lille.example> (recipients/directeurs.csv:2)\u{a0}: ligne 6 du texte\u{a0}: «\u{a0}L’enseignement à distance reprend le lundi 26 avril 2021. La semaine\u{a0}» devient «\u{a0}L’enseignement à distance reprend le mardi 27 avril 2021. La semaine\u{a0}»\n",
        ],
    );
}

/// A line added to the template and one removed are named as such, numbered as in the file
/// (the removed one as in the template reviewed).
#[test]
fn added_and_removed_template_lines_are_named() {
    let dir = previewed_sample();
    let template = dir.path().join("templates/rentree-numerique/message.md");
    replace_in(
        &template,
        "- **lundi 26 avril, 9 h** : ouverture des classes virtuelles.\n",
        "",
    );
    let text_now = std::fs::read_to_string(&template).expect("template");
    std::fs::write(&template, format!("{text_now}\nPS : merci de relayer.\n")).expect("edited");
    let server = SmtpServer::builder().start();
    let sent = send_reviewed(dir.path(), &server);
    let output = text(&sent);
    assert_eq!(sent.status.code(), Some(1), "{output}");
    let lines = text_now.lines().count();
    for said in [
        "      template line 44 removed: `- **lundi 26 avril, 9 h** : ouverture des classes virtuelles.`\n".to_string(),
        format!("      template line {} added: `PS : merci de relayer.`\n", lines + 2),
    ] {
        assert!(output.contains(&said), "`{said}` not in: {output}");
    }
    assert_eq!(server.sessions(), 0);
}
