//! The gallery in each language: a French gallery has no English left in what a reader sees
//! or hears (text, labels, alternatives, the script's words), an English one no French.

use std::path::Path;

use super::gallery::{Gallery, GalleryRow, IndexInfo};
use super::html::NextSteps;
use super::message_view::MessageView;
use super::page;
use crate::i18n::{Lang, audit::english_left, in_lang};

/// What a reader sees or hears of a page: its text outside `<code>` and `<script>`, and
/// the values of the attributes a browser shows or says (and the script's words).
fn readable(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let after = &rest[start..];
        let skip_to = ["<code", "<script", "<style", "<iframe"]
            .iter()
            .zip(["</code>", "</script>", "</style>", "</iframe>"])
            .find(|(open, _)| after.starts_with(**open))
            .map(|(_, close)| close);
        let end = after.find('>').map_or(after.len(), |end| end + 1);
        let tag = &after[..end];
        for name in ["aria-label", "alt", "title", "data-"] {
            for (at, _) in tag.match_indices(&format!(" {name}")) {
                let value = &tag[at..];
                if let Some(open) = value.find("=\"") {
                    let value = &value[open + 2..];
                    out.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                    out.push(' ');
                }
            }
        }
        rest = match skip_to {
            Some(close) => after
                .find(close)
                .map_or("", |end| &after[end + close.len()..]),
            None => &after[end..],
        };
    }
    out.push_str(rest);
    out.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The index and one message's page of a small gallery written in `lang`.
fn gallery_in(lang: Lang, dir: &Path) -> (String, String) {
    in_lang(lang, || {
        let mut gallery = Gallery::start(dir).expect("a gallery");
        gallery
            .row(GalleryRow {
                number: Some(1),
                line: 2,
                name: "Hélène Lefèvre".into(),
                address: "ce.0594112k@ac-lille.example".into(),
                subject: "Rentrée numérique".into(),
                attachments: vec![("infographie.png".into(), 177_507)],
                size: 2_500_000,
                warnings: vec![super::warnings::Warning::BigMessage(2_500_000).label()],
                eml: true,
            })
            .expect("a row");
        gallery
            .row(GalleryRow {
                line: 3,
                address: "ce.0594112k@ac-lille.example".into(),
                warnings: vec![
                    super::warnings::Warning::Duplicate {
                        first_line: 2,
                        sent: false,
                    }
                    .label(),
                ],
                ..GalleryRow::default()
            })
            .expect("a row");
        let next = NextSteps {
            test_send: "missive send --to VOUS@ac-lille.example --limit 3".into(),
            approve: "missive approve revue --by NOM".into(),
            send: "missive send --reviewed revue".into(),
            one_eml: "missive preview --out revue --only {N}".into(),
        };
        let filter = crate::filter::FilterSummary {
            expression: "commune == \"Lille\"".into(),
            matched: 1,
            left_out: 11,
        };
        let generated = crate::i18n::date_time(
            chrono::NaiveDate::from_ymd_opt(2021, 4, 26)
                .and_then(|d| d.and_hms_opt(18, 0, 0))
                .expect("a date"),
            lang,
        );
        // Both rules: a big list's sample, and the few messages that carry a big file.
        let eml_rule = format!(
            "{} {}",
            super::EmlSample::for_rows(1_100, 0).describe(),
            super::EmlSample::for_rows(200, 240_500).describe()
        );
        let info = IndexInfo {
            campaign: "rentree-numerique-2021",
            list: "recipients/directeurs.csv",
            filter: Some(&filter),
            revision: "0123456789abcdef",
            generated: &generated,
            eml_rule: &eml_rule,
            files: 1,
            next: &next,
        };
        gallery.finish(dir, &info).expect("the index");
        let index = std::fs::read_to_string(dir.join("index.html")).expect("index.html");
        let bytes = b"From: IEN <ien@ac-lille.fr>\r\nTo: Helene <h@ac-lille.fr>\r\nCc: c@ac-lille.fr\r\n\
                      Reply-To: r@ac-lille.fr\r\nSubject: Rentree\r\nMIME-Version: 1.0\r\n\
                      Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n\
                      <p>Bonjour</p>\r\n--b\r\nContent-Type: text/plain\r\n\r\nBonjour\r\n--b--\r\n";
        let view = MessageView::parse(bytes).expect("a message");
        let files = [page::ShownFile {
            name: "infographie.png".into(),
            content_type: "image/png".into(),
            size: 177_507,
            path: "files/infographie.png".into(),
            inline: true,
        }];
        let warnings = [super::warnings::Warning::BigMessage(2_500_000).label()];
        let html = page::render(&page::Page {
            number: 2,
            row: "recipients/directeurs.csv:3",
            subject: "Rentrée",
            size: 2_500_000,
            warnings: &warnings,
            view: &view,
            envelope: &["h@ac-lille.fr".into()],
            files: &files,
            images: &[],
            eml: false,
            next: &next,
        });
        let html = html.replace(page::NAVIGATION, &page::navigation(2, true));
        (index, html)
    })
}

#[test]
fn a_french_gallery_has_no_english_left() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (index, message) = gallery_in(Lang::Fr, dir.path());
    assert!(index.contains("<html lang=\"fr\">"), "{index}");
    for (name, html) in [("index.html", &index), ("the message page", &message)] {
        let seen = readable(html);
        let left = english_left(&seen);
        assert!(
            left.is_empty(),
            "{name}: English left ({left:?}) in:\n{seen}"
        );
    }
    for said in [
        "Aperçu du 26\u{a0}avril\u{a0}2021 à 18\u{a0}h\u{a0}00",
        "(1 sur 12\u{202f}; les 11 autres ne recevront rien)",
        "<li><strong>2</strong> lignes avec un point à vérifier</li>",
        "<li><strong>1</strong> ligne sans envoi</li>",
        "Fichiers .eml\u{a0}: les 200 premiers messages, puis un sur 3",
        "message lourd (2,5\u{a0}Mo)",
    ] {
        assert!(index.contains(said), "`{said}` not in:\n{index}");
    }
    for said in [
        "<title>Message n° 2 — Rentrée</title>",
        "Répondre à <span class=\"note\">(<code>Reply-To</code>)</span>",
        "← Message précédent (n° 1)",
        "infographie.png</a> (image/png, 177,5\u{a0}ko) — affichée dans le message",
    ] {
        assert!(message.contains(said), "`{said}` not in:\n{message}");
    }
}

#[test]
fn an_english_gallery_has_no_french_left() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (index, message) = gallery_in(Lang::En, dir.path());
    assert!(index.contains("<html lang=\"en\">"), "{index}");
    for said in [
        "Preview of 26 April 2021 at 18:00",
        "(1 of 12; the 11 others will get nothing)",
        "<li><strong>2</strong> rows with a point to check</li>",
        "<li><strong>1</strong> row that sends nothing</li>",
        "heavy message (2.5\u{a0}MB)",
    ] {
        assert!(index.contains(said), "`{said}` not in:\n{index}");
    }
    assert!(
        message.contains("<th scope=\"row\">Reply-To</th>"),
        "the name alone where it is the meaning: {message}"
    );
    let french = [
        " le ", " la ", " les ", " des ", " du ", " de ", " à ", "é", "è", "ô", "ù", " ko", " Mo",
    ];
    for (name, html) in [("index.html", &index), ("the message page", &message)] {
        let seen = readable(html)
            .replace("Hélène Lefèvre", "")
            .replace("Rentrée numérique", "")
            .replace("Rentrée", "");
        for word in french {
            assert!(!seen.contains(word), "{name}: `{word}` in:\n{seen}");
        }
    }
}
