//! What makes a message land in spam or read badly, warned before anything is sent: each
//! warning said once, on its template line or row, with how many messages have it; and
//! `--deny-warnings`, which makes warnings errors in check, preview and send.

use std::process::Output;

use serde_json::Value;

use crate::harness::{Campaign, SmtpServer, assert_exit, french, run, text};

/// A paragraph of the circular, 30 times: well over `SpamAssassin`'s image-only sizes.
fn paragraphs() -> String {
    "La rentrée numérique a lieu lundi ; les classes virtuelles s’ouvrent dès 8 h 30 et les familles ont reçu les liens directs.\n\n".repeat(30)
}

/// `message.md`, markdown: 4 header lines and a blank line, then `body` from line 6.
fn circular(campaign: &Campaign, body: &str) {
    campaign.write(
        "message.md",
        format!(
            "From: Inspection de Lille 1 <ien.lille-1@ac-lille.example>\nTo: {{{{ nom }}}} <{{{{ email }}}}>\nSubject: Rentrée numérique — {{{{ nom }}}}\nContent-Type: text/markdown\n\n{body}"
        ),
    );
}

/// Five heads, and a circular whose map has no alt text and whose link shows the académie's
/// domain but leads elsewhere; every other part is fine (text long enough, ordinary
/// subject).
fn flawed() -> Campaign {
    let campaign = Campaign::new(5);
    campaign.write("carte.png", b"\x89PNG\r\n\x1a\n not really an image");
    circular(
        &campaign,
        &format!(
            "{}![](carte.png)\n\nLes tutoriels : [https://ac-lille.fr](https://evil.example/tutoriels).\n",
            paragraphs()
        ),
    );
    campaign
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn objects(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

#[test]
fn check_says_each_warning_once_with_its_template_line_and_the_messages_it_is_on() {
    let campaign = flawed();
    let output = run(campaign.missive(&["check"]));
    assert_exit(&output, 0);
    let said = stderr(&output);
    // The body starts on line 6: 30 paragraphs of 2 lines each, then the image, the link.
    assert!(
        said.contains("warning: message.md:66: the image `carte.png` has no alt text: "),
        "{said}"
    );
    assert!(
        said.contains("warning: message.md:68: a link shows `ac-lille.fr` but leads to `evil.example` (https://evil.example/tutoriels): "),
        "{said}"
    );
    for what in ["has no alt text", "but leads to"] {
        assert_eq!(said.matches(what).count(), 1, "{what} once: {said}");
    }
    assert_eq!(
        said.matches("(on 5 messages, the first liste.csv:2)")
            .count(),
        2,
        "{said}"
    );
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("5 messages ready")
            && String::from_utf8_lossy(&output.stdout).contains(", 2 warnings"),
        "{}",
        text(&output)
    );
}

#[test]
fn a_warning_from_the_data_names_its_rows() {
    let campaign = Campaign::new(3);
    campaign.write(
        "liste.csv",
        "nom;email;lien\nA;a@ac-lille.example;https://evil.example/1\nB;b@ac-lille.example;https://ac-lille.fr/ok\nC;c@ac-lille.example;https://evil.example/3\n",
    );
    circular(
        &campaign,
        &format!(
            "{}Votre espace : [https://ac-lille.fr]({{{{ lien }}}}).\n",
            paragraphs()
        ),
    );
    let output = run(campaign.missive(&["check"]));
    assert_exit(&output, 0);
    let said = stderr(&output);
    assert!(
        said.contains("warning: liste.csv:2: a link shows `ac-lille.fr` but leads to `evil.example` (https://evil.example/1)"),
        "{said}"
    );
    assert!(said.contains("warning: liste.csv:4: "), "{said}");
    assert!(!said.contains("liste.csv:3: a link"), "{said}");
}

#[test]
fn a_clean_campaign_passes_check_with_deny_warnings() {
    // The close case of `flawed`: the map described, the link showing where it leads.
    let campaign = Campaign::new(3);
    campaign.write("carte.png", b"\x89PNG\r\n\x1a\n not really an image");
    circular(
        &campaign,
        &format!(
            "{}![Carte des écoles](carte.png)\n\nLes tutoriels : [https://dane.ac-lille.fr](https://dane.ac-lille.fr/tutoriels).\n",
            paragraphs()
        ),
    );
    let output = run(campaign.missive(&["check", "--deny-warnings"]));
    assert_exit(&output, 0);
    assert!(!text(&output).contains("warning"), "{}", text(&output));
}

#[test]
fn deny_warnings_makes_check_fail_and_names_the_warnings() {
    let campaign = flawed();
    let output = run(campaign.missive(&["check", "--deny-warnings"]));
    assert_exit(&output, 1);
    let said = stderr(&output);
    assert!(
        said.contains("error: `--deny-warnings` makes the 2 warnings above errors (image_without_alt on 5 messages, link_shows_other_domain on 5 messages); nothing is sent"),
        "{said}"
    );
    // The warnings themselves are still said, above.
    assert!(said.contains("warning: message.md:66: "), "{said}");
}

/// The same warnings under a French locale: in French, with what they quote as it is.
#[test]
fn check_says_its_warnings_in_french() {
    let campaign = flawed();
    let output = run({
        let mut command = french(campaign.path());
        command.arg("check");
        command
    });
    assert_exit(&output, 0);
    let said = stderr(&output);
    assert!(
        said.contains("message.md:66\u{a0}: l'image «\u{a0}carte.png\u{a0}» n'a pas de texte alternatif\u{a0}: "),
        "{said}"
    );
    assert!(
        said.contains("message.md:68\u{a0}: un lien affiche «\u{a0}ac-lille.fr\u{a0}» mais mène à «\u{a0}evil.example\u{a0}» («\u{a0}https://evil.example/tutoriels\u{a0}»)\u{a0}: "),
        "{said}"
    );
    assert_eq!(
        said.matches("(sur 5 messages, le premier liste.csv:2)")
            .count(),
        2,
        "{said}"
    );
    assert!(!said.contains("has no alt text"), "{said}");
}

#[test]
fn deny_warnings_makes_preview_fail_without_writing_it() {
    let campaign = flawed();
    let output = run(campaign.missive(&["preview", "--out", "revue", "--deny-warnings"]));
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("`--deny-warnings`"),
        "{}",
        text(&output)
    );
    assert!(!campaign.path().join("revue").exists());
    // Without it, the preview is written and its gallery flags the messages.
    let output = run(campaign.missive(&["preview", "--out", "revue"]));
    assert_exit(&output, 0);
    let gallery =
        std::fs::read_to_string(campaign.path().join("revue/index.html")).expect("the gallery");
    assert!(
        gallery.contains("image without alt text: carte.png"),
        "{gallery}"
    );
    // The gallery speaks the reviewer's language.
    let output = run({
        let mut command = french(campaign.path());
        command.args(["preview", "--out", "revue-fr"]);
        command
    });
    assert_exit(&output, 0);
    let gallery =
        std::fs::read_to_string(campaign.path().join("revue-fr/index.html")).expect("the gallery");
    assert!(
        gallery.contains("image sans texte alternatif\u{a0}: carte.png"),
        "{gallery}"
    );
}

#[test]
fn deny_warnings_makes_send_refuse_before_connecting() {
    let campaign = flawed();
    let server = SmtpServer::builder().start();
    let output = run(campaign.send(&server, &["--deny-warnings", "--rate", "unlimited"]));
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("nothing is sent"),
        "{}",
        text(&output)
    );
    assert_eq!(server.sessions(), 0, "never connected");
    assert!(server.messages().is_empty());
    // Warnings never stop a run without it.
    let output = run(campaign.send(&server, &["--rate", "unlimited"]));
    assert_exit(&output, 0);
    assert_eq!(server.messages().len(), 5);
}

#[test]
fn events_json_carries_each_warning_with_where_and_how_many() {
    let campaign = flawed();
    let output = run(campaign.missive(&["check", "--events", "json"]));
    assert_exit(&output, 0);
    let said = objects(&output.stdout);
    let content: Vec<&Value> = said
        .iter()
        .filter(|o| o["event"] == "notice" && o["kind"] == "content")
        .collect();
    assert_eq!(content.len(), 2, "{content:?}");
    let alt = content
        .iter()
        .find(|o| o["check"] == "image_without_alt")
        .expect("the alt warning");
    assert_eq!(alt["warning"], true);
    assert_eq!(alt["template"], "message.md");
    assert_eq!(alt["template_line"], 66);
    assert_eq!(alt["row"], "liste.csv:2");
    assert_eq!(alt["count"], 5);
    assert!(
        alt["message"]
            .as_str()
            .is_some_and(|m| m.contains("`carte.png` has no alt text")),
        "{alt}"
    );
    // With `--deny-warnings`, the last object says why the run ended.
    let output = run(campaign.missive(&["check", "--events", "json", "--deny-warnings"]));
    assert_exit(&output, 1);
    let denied = objects(&output.stdout);
    let last = denied.last().expect("a last object");
    assert_eq!(last["event"], "summary");
    assert_eq!(last["exit_code"], 1);
    assert!(
        last["error"]
            .as_str()
            .is_some_and(|e| e.contains("--deny-warnings")),
        "{last}"
    );
}

#[test]
fn the_sample_subject_is_not_called_long() {
    // The sample's subject runs past 78 characters with the school's name; its own words
    // stop at 52, well within what Gmail shows.
    let campaign = Campaign::sample();
    let output = run(campaign.missive(&["check", "--events", "json"]));
    assert_exit(&output, 0);
    let said = objects(&output.stdout);
    assert!(
        !said.iter().any(|o| o["check"] == "long_subject"),
        "{}",
        text(&output)
    );
}

/// The sample is a model (issue 21): not one warning, so `check --deny-warnings` passes.
#[test]
fn the_sample_passes_check_with_deny_warnings() {
    let campaign = Campaign::sample();
    let output = run(campaign.missive(&["check", "--deny-warnings"]));
    assert_exit(&output, 0);
    assert!(!text(&output).contains("warning"), "{}", text(&output));
}
