//! Every HTML message has a text/plain alternative a reader can use (issue 21): the sample
//! (Markdown), an HTML template and relayed circulars, as `preview` writes them, read back
//! with a MIME parser. The HTML missive writes around Markdown has the campaign's `lang`, the
//! subject as its `<title>` and images scaled to the screen.

use mail_parser::{MimeHeaders, PartType};

use crate::from_eml::{exits, fill_in_from, fixture_path, previewed};
use crate::harness::{Campaign, missive, parse_mime};

/// The text/plain and text/html parts of a message, each checked to be what it says.
fn alternatives(eml: &[u8]) -> (String, String, mail_parser::Message<'_>) {
    let message = parse_mime(eml);
    let part = |index: Option<&u32>, subtype: &str| {
        let part = &message.parts[*index.unwrap_or_else(|| panic!("a {subtype} part")) as usize];
        let content_type = part.content_type().expect("Content-Type");
        assert_eq!(
            (content_type.ctype(), content_type.subtype()),
            ("text", Some(subtype))
        );
        match &part.body {
            PartType::Text(text) | PartType::Html(text) => text.replace("\r\n", "\n"),
            other => panic!("a text part, not {other:?}"),
        }
    };
    let text = part(message.text_body.first(), "plain");
    let html = part(message.html_body.first(), "html");
    (text, html, message)
}

/// No Markdown syntax, no HTML tag, no HTML entity: what a reader sees is the text.
fn assert_free_of_markup(text: &str, what: &str) {
    for marker in [
        "**", "![", "](", "&lt;", "&gt;", "&amp;", "&nbsp;", "&quot;",
    ] {
        assert!(
            !text.contains(marker),
            "`{marker}` in the text of {what}:\n{text}"
        );
    }
    for line in text.lines() {
        assert!(
            !line.starts_with('#'),
            "a `#` heading in the text of {what}: {line}"
        );
    }
    // `<` opens a tag when a letter or `/` follows and the `>` closes no address or URL.
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let inside = &after[..after.find('>').unwrap_or(after.len())];
        let tag_like = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
            && !inside.contains('@')
            && !inside.contains("://");
        assert!(
            !tag_like,
            "an HTML tag in the text of {what}: <{inside}>\n{text}"
        );
        rest = after;
    }
}

/// Every previewed message of the campaign has a usable text alternative.
fn previewed_alternatives(campaign: &std::path::Path) -> Vec<Vec<u8>> {
    exits(missive(campaign).args(["preview", "--out", "revue"]), 0);
    let emls = previewed(&campaign.join("revue/messages"));
    assert!(!emls.is_empty());
    for eml in &emls {
        let (text, _, message) = alternatives(eml);
        let what = message.subject().unwrap_or_default().to_string();
        assert_free_of_markup(&text, &what);
        assert!(
            text.trim().len() > 20,
            "a text worth reading for {what}: {text}"
        );
    }
    emls
}

fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn the_sample_reads_as_text_and_its_html_has_lang_title_and_scaled_images() {
    let campaign = Campaign::sample();
    let emls = previewed_alternatives(campaign.path());
    assert_eq!(emls.len(), 12);
    for eml in &emls {
        let (text, html, message) = alternatives(eml);
        let subject = message.subject().expect("Subject");
        assert!(html.contains("<html lang=\"fr\">"), "{html}");
        assert!(
            html.contains(&format!("<title>{}</title>", html_escaped(subject))),
            "the title is the subject `{subject}`: {html}"
        );
        let image = &html[html.find("<img ").expect("the infographic")..];
        let image = &image[..image.find('>').expect("end of <img>")];
        assert!(image.contains("max-width: 100%"), "{image}");
        assert!(html.contains("max-width: 100%"), "{html}");
        for expected in [
            "[image: Infographie : les bons réflexes de la rentrée numérique]",
            "1. Créer dès maintenant les comptes CNED.",
            "https://ecole.cned.fr",
        ] {
            assert!(text.contains(expected), "`{expected}` in:\n{text}");
        }
    }
}

#[test]
fn an_html_template_gets_a_text_alternative_with_the_rows_values() {
    let campaign = Campaign::new(3);
    campaign.write(
        "message.md",
        "From: Inspection de Lille 1 <ien.lille-1@ac-lille.example>\nTo: {{ nom }} <{{ email }}>\nSubject: Rentrée numérique — {{ nom }}\nContent-Type: text/html\n\n<html><head><style>p { color: #333; }</style><script>var x = 1;</script></head><body>\n<h1>Rentrée numérique</h1>\n<p>Bonjour <strong>{{ nom }}</strong>, voir <a href=\"https://dane.ac-lille.fr/\">les tutoriels de la DANE</a>.</p>\n<p><img src=\"https://ac-lille.example/logo.png\" alt=\"Logo de l'académie\"></p>\n</body></html>\n",
    );
    let emls = previewed_alternatives(campaign.path());
    assert_eq!(emls.len(), 3);
    let (text, html, _) = alternatives(&emls[0]);
    // Wrapped at 72 columns between words: the URL whole on the next line.
    assert!(
        text.contains(
            "Bonjour Directrice 0, voir les tutoriels de la DANE\n<https://dane.ac-lille.fr/>."
        ),
        "{text}"
    );
    assert!(text.contains("[image: Logo de l'académie]"), "{text}");
    assert!(!text.contains("color") && !text.contains("var x"), "{text}");
    // HTML a user wrote is sent as written: no shell is added.
    assert!(!html.contains("<title>"), "{html}");
}

#[test]
fn relayed_circulars_get_a_text_alternative() {
    for fixture in ["thunderbird.eml", "outlook.eml"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let campaign = dir.path().join("relais");
        exits(
            missive(dir.path())
                .args(["init", "--from-eml"])
                .arg(fixture_path(fixture))
                .arg("relais"),
            0,
        );
        fill_in_from(&campaign);
        let emls = previewed_alternatives(&campaign);
        let (text, _, _) = alternatives(&emls[0]);
        assert!(
            text.contains("L’enseignement à distance reprend le"),
            "{fixture}:\n{text}"
        );
        assert!(text.contains("Message transféré"), "{fixture}:\n{text}");
    }
}
