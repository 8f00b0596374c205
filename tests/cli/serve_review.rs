//! `missive serve`'s Preview and Review pages, over HTTP with the real binary: the preview
//! the page makes is the one `missive preview` writes; a message is shown from the review
//! folder's own files and nothing outside it is served; approving by name writes the
//! approval the command line writes, a changed campaign is said in words and refused, and a
//! form without its token changes nothing. In English and in French.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use assert_cmd::prelude::*;

use crate::harness::{Campaign, french, missive};
use crate::serve::{Reply, Served, TEMPLATE, csrf};

/// The review folder of the app, in the campaign folder.
const REVIEW: &str = "preview";

/// An attribute's value as the page escapes it, back.
fn unescaped(attribute: &str) -> String {
    attribute.replace("&amp;", "&")
}

/// The value of the first `name="…"` attribute after `after` in `page`.
fn attribute(page: &str, after: &str, name: &str) -> String {
    let from = page
        .find(after)
        .unwrap_or_else(|| panic!("{after} in {page}"));
    let start = from + page[from..].find(&format!("{name}=\"")).expect(name) + name.len() + 2;
    let end = start + page[start..].find('"').expect("its end");
    unescaped(&page[start..end])
}

/// Every file of `dir`, relative to it.
fn files(dir: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside");
                found.insert(relative.display().to_string());
            }
        }
    }
    found
}

/// The messages' fingerprints of a preview's manifest.
fn plan(dir: &Path) -> Vec<String> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("a manifest"))
            .expect("JSON");
    manifest["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|message| {
            message["sha256"]
                .as_str()
                .expect("a fingerprint")
                .to_owned()
        })
        .collect()
}

/// Posts the form at `path` with the page's form token taken from `page`.
fn post_form(
    served: &Served,
    cookie: &str,
    page: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> Reply {
    let token = csrf(page);
    let mut all = vec![("csrf", token.as_str())];
    all.extend_from_slice(fields);
    let reply = served.post(path, Some(&served.origin()), Some(cookie), &all);
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply
}

/// Changes the sample's subject, `Rentrée numérique du 26 avril` to `Rentrée du 26 avril`.
pub fn change_the_subject(dir: &Path) {
    let file = dir.join(TEMPLATE);
    let text = std::fs::read_to_string(&file).expect("the template");
    let changed = text.replacen("Rentrée numérique du 26", "Rentrée du 26", 1);
    assert_ne!(changed, text, "the subject is in the template");
    std::fs::write(&file, changed).expect("changed");
}

/// The Review page's form posted by `name`.
fn approve_as(served: &Served, cookie: &str, page: &str, name: &str) -> Reply {
    post_form(served, cookie, page, "/review/approve", &[("by", name)])
}

/// The message framed in `made` at `frame`: without scripts, from the folder's own files,
/// for a session only, its text and its HTML part inside.
fn framed_without_scripts(served: &Served, cookie: &str, made: &str, frame: &str) {
    let sandbox = attribute(made, "<iframe class=\"message\"", "sandbox");
    assert_eq!(sandbox, "allow-same-origin", "no allow-scripts");
    assert_eq!(served.get(frame, None).status, 403, "a session is needed");
    let message = served.get(frame, Some(cookie));
    assert_eq!(message.status, 200);
    let policy = message.header("Content-Security-Policy").expect("a policy");
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(policy.contains("sandbox allow-same-origin"), "{policy}");
    assert!(!policy.contains("script-src"), "{policy}");
    assert!(
        message.body.contains("<pre class=\"text\">"),
        "the text part"
    );
    assert!(
        message.body.contains("enseignement à distance reprend"),
        "{}",
        message.body
    );
    assert!(message.body.contains("srcdoc=\""), "the HTML part");
}

#[test]
fn the_preview_page_makes_the_preview_preview_writes_and_shows_a_message() {
    let campaign = Campaign::sample();
    let served = Served::start(missive(campaign.path()), &[]);
    assert_eq!(served.get("/preview", None).status, 403);
    let cookie = served.session();
    let page = served.get("/preview", Some(&cookie));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains(">Make the preview</button>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("No preview yet"), "{}", page.body);
    let review = campaign.path().join(REVIEW);

    let forged = served.post(
        "/preview",
        Some(&served.origin()),
        Some(&cookie),
        &[("csrf", "0000")],
    );
    assert_eq!(forged.status, 403);
    assert!(!review.exists(), "nothing written without the form token");

    let made = post_form(&served, &cookie, &page.body, "/preview", &[]).body;
    assert!(made.contains("12 messages, "), "{made}");
    // The page shows the gallery: no file to open in a browser, as the terminal is told.
    assert!(!made.contains("in a browser"), "{made}");
    assert!(made.contains(" in all"), "{made}");
    assert!(
        made.contains("Message 1 of 12: Rentrée numérique du 26 avril"),
        "{made}"
    );
    let recipient = "<td>Hélène Lefèvre &lt;ce.0594112k@ac-lille.example&gt;</td>";
    assert!(made.contains(recipient), "{made}");
    assert!(made.contains("infographie-rentree.png</a> ("), "{made}");

    // The folder holds what `missive preview --out` writes.
    missive(campaign.path())
        .args(["preview", "--out", "by-hand"])
        .assert()
        .success();
    let by_hand = campaign.path().join("by-hand");
    assert_eq!(files(&review), files(&by_hand));
    assert_eq!(plan(&review), plan(&by_hand));

    // The message, framed without scripts from the folder's own files.
    // Just made, the frame opens at its top, so that the page stays on the preview's words;
    // a message picked in the list opens at its HTML version.
    let frame = attribute(&made, "<iframe class=\"message\"", "src");
    assert_eq!(frame, "/preview/files/messages/00001.html");
    let picked = served.get("/preview?message=1", Some(&cookie)).body;
    assert_eq!(
        attribute(&picked, "<iframe class=\"message\"", "src"),
        "/preview/files/messages/00001.html#version-html"
    );
    let frame = frame.as_str();
    framed_without_scripts(&served, &cookie, &made, frame);

    // Its attachment, from the folder.
    let link = attribute(&made, "<ul class=\"attachments\">", "href");
    assert!(link.starts_with("/preview/files/"), "{link}");
    let file = served.get(&link, Some(&cookie));
    assert_eq!(file.status, 200, "{link}");
    assert_eq!(file.header("Content-Type"), Some("image/png"));

    // Without the list's data the folder's own index reads, the plan's messages are listed.
    std::fs::remove_file(review.join("assets/rows.js")).expect("removed");
    let page = served.get("/preview", Some(&cookie)).body;
    assert!(page.contains(recipient), "{page}");
    assert!(
        page.contains("<a href=\"/preview?message=12#message\">12</a>"),
        "{page}"
    );

    // Nothing outside the folder.
    std::os::unix::fs::symlink(
        campaign.path().join("campaign.toml"),
        review.join("campaign.toml"),
    )
    .expect("a link out of the folder");
    let secret = std::fs::read_to_string(campaign.path().join("campaign.toml")).expect("read");
    for path in [
        "/preview/files/../campaign.toml",
        "/preview/files/%2e%2e/campaign.toml",
        "/preview/files/%2E%2E%2Fcampaign.toml",
        "/preview/files/messages/..%2f..%2fcampaign.toml",
        "/preview/files//etc/passwd",
        "/preview/files/%2fetc%2fpasswd",
        "/preview/files/campaign.toml",
    ] {
        let reply = served.get(path, Some(&cookie));
        assert!(
            [403, 404].contains(&reply.status),
            "{path}: {}",
            reply.status
        );
        assert!(!reply.body.contains("[smtp"), "{path}: {}", reply.body);
        assert!(!reply.body.contains(secret.trim()), "{path}");
        assert!(!reply.body.contains("root:"), "{path}");
    }
    assert_eq!(served.interrupt(), Some(0));
}

/// The sample served in English, its preview made by the Preview page's button: the
/// campaign, the app, the session's cookie.
fn previewed_by_the_page() -> (Campaign, Served, String) {
    let campaign = Campaign::sample();
    let served = Served::start(missive(campaign.path()), &[]);
    let cookie = served.session();
    let page = served.get("/preview", Some(&cookie)).body;
    post_form(&served, &cookie, &page, "/preview", &[]);
    assert!(campaign.path().join(REVIEW).join("manifest.json").is_file());
    (campaign, served, cookie)
}

#[test]
fn the_review_page_approves_by_name() {
    let (campaign, served, cookie) = previewed_by_the_page();
    let approval = campaign.path().join(REVIEW).join("approval.json");

    let page = served.get("/review", Some(&cookie));
    assert_eq!(page.status, 200);
    let page = page.body;
    for words in [
        "12 messages previewed (plan ",
        "Not approved yet.",
        "The campaign still makes exactly the messages of this preview.",
        ">Approve</button>",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }

    let forged = served.post(
        "/review/approve",
        Some(&served.origin()),
        Some(&cookie),
        &[("by", "Marie Dupont")],
    );
    assert_eq!(forged.status, 403);
    assert!(
        !approval.exists(),
        "nothing approved without the form token"
    );
    let nameless = approve_as(&served, &cookie, &page, "  ").body;
    assert!(
        nameless.contains("Type your name to approve."),
        "{nameless}"
    );
    assert!(!approval.exists());

    let approved = approve_as(&served, &cookie, &page, "Marie Dupont").body;
    let written = std::fs::read_to_string(&approval).expect("approval.json written");
    assert!(
        written.contains("\"approved_by\": \"Marie Dupont\""),
        "{written}"
    );
    assert!(
        approved.contains("approved by Marie Dupont: 12 messages, plan "),
        "{approved}"
    );
    let page = served.get("/review", Some(&cookie)).body;
    assert!(page.contains("Approved by Marie Dupont on "), "{page}");
    assert!(page.contains(">Withdraw the approval</button>"), "{page}");

    // A new preview over the approved one is refused, and says where to withdraw it.
    let preview = served.get("/preview", Some(&cookie)).body;
    assert!(
        preview.contains("Approved by Marie Dupont on "),
        "{preview}"
    );
    let refused = post_form(&served, &cookie, &preview, "/preview", &[]).body;
    assert!(
        refused.contains("was approved by Marie Dupont"),
        "{refused}"
    );
    assert!(
        refused.contains("<a href=\"/review\">Review page</a>"),
        "{refused}"
    );
    assert_eq!(std::fs::read_to_string(&approval).expect("kept"), written);
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn a_change_after_the_approval_is_said_and_needs_a_new_preview_and_approval() {
    let (campaign, served, cookie) = previewed_by_the_page();
    let approval = campaign.path().join(REVIEW).join("approval.json");
    let page = served.get("/review", Some(&cookie)).body;
    approve_as(&served, &cookie, &page, "Marie Dupont");
    let written = std::fs::read_to_string(&approval).expect("approval.json written");

    // The template changed: the page says what, and approving is refused.
    change_the_subject(campaign.path());
    let page = served.get("/review", Some(&cookie)).body;
    for words in [
        "The campaign changed since this preview:",
        "message.md` changed",
        "12 messages changed:",
        "A new preview and a new approval are needed",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    assert!(!page.contains("still makes exactly"), "{page}");
    let refused = approve_as(&served, &cookie, &page, "Paul Martin").body;
    assert!(refused.contains("nothing was approved"), "{refused}");
    assert_eq!(
        std::fs::read_to_string(&approval).expect("kept"),
        written,
        "the approval unchanged"
    );

    // Withdrawn (by the page's own form only), the preview can be made again.
    let other = format!("http://127.0.0.1:{}", served.port.wrapping_add(1));
    let forged = served.post(
        "/review/withdraw",
        Some(&other),
        Some(&cookie),
        &[("csrf", &csrf(&refused))],
    );
    assert_eq!(forged.status, 403);
    assert_eq!(std::fs::read_to_string(&approval).expect("kept"), written);
    let withdrawn = post_form(&served, &cookie, &refused, "/review/withdraw", &[]).body;
    assert!(
        withdrawn.contains("The approval by Marie Dupont is withdrawn"),
        "{withdrawn}"
    );
    assert!(!approval.exists());
    let remade = post_form(&served, &cookie, &withdrawn, "/preview", &[]).body;
    assert!(
        remade.contains("Message 1 of 12: Rentrée du 26 avril"),
        "{remade}"
    );
    let page = served.get("/review", Some(&cookie)).body;
    assert!(page.contains("still makes exactly"), "{page}");
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn the_preview_and_review_pages_speak_french() {
    let campaign = Campaign::sample();
    let served = Served::start(french(campaign.path()), &[]);
    let cookie = served.session();
    let page = served.get("/preview", Some(&cookie)).body;
    assert!(page.contains("<html lang=\"fr\">"), "{page}");
    assert!(page.contains(">Aperçu</button>"), "{page}");
    assert!(page.contains("Pas encore d&#39;aperçu"), "{page}");
    let made = post_form(&served, &cookie, &page, "/preview", &[]).body;
    for words in [
        "12 messages, ",
        "Mo en tout",
        "Message 1 sur 12",
        "Pièces jointes",
        "src=\"/preview/files/messages/00001.html\"",
    ] {
        assert!(made.contains(words), "{words}: {made}");
    }
    let page = served.get("/review", Some(&cookie)).body;
    for words in [
        "12 messages dans l&#39;aperçu",
        "Pas encore approuvé.",
        ">Approuver</button>",
        "La campagne fait toujours exactement",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    let approved = approve_as(&served, &cookie, &page, "Marie Dupont").body;
    assert!(
        approved.contains("Approuvé par Marie Dupont le "),
        "{approved}"
    );
    assert_eq!(served.interrupt(), Some(0));
}

#[test]
fn a_broken_row_stops_the_preview_and_the_page_says_which() {
    let campaign = Campaign::sample();
    // Row 14: a head whose address is missing.
    let mut list = std::fs::OpenOptions::new()
        .append(true)
        .open(campaign.path().join("recipients/directeurs.csv"))
        .expect("the list");
    list.write_all("Madame;Anne;Sans-Adresse;;École de la Paix;Lomme\r\n".as_bytes())
        .expect("a row without its address");
    let served = Served::start(missive(campaign.path()), &[]);
    let cookie = served.session();
    let review = served.get("/review", Some(&cookie)).body;
    assert!(review.contains("holds no preview"), "{review}");
    assert!(
        review.contains("Make the preview on the <a href=\"/preview\">Preview page</a>"),
        "{review}"
    );
    assert!(
        !review.contains("id=\"approve\""),
        "nothing to approve: {review}"
    );
    let page = served.get("/preview", Some(&cookie)).body;
    let refused = post_form(&served, &cookie, &page, "/preview", &[]).body;
    let problem = refused
        .lines()
        .find(|line| line.contains("directeurs.csv:14"))
        .unwrap_or_else(|| panic!("the row's problem: {refused}"));
    assert!(
        problem.contains("email"),
        "the empty column named: {problem}"
    );
    assert!(refused.contains("class=\"error\""), "{refused}");
    assert!(refused.contains("No preview yet"), "{refused}");
    assert!(!campaign.path().join(REVIEW).exists(), "nothing written");
    assert_eq!(served.interrupt(), Some(0));
}
