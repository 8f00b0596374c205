use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::recipients::RowRef;
use crate::render::TemplateFile;

/// The checks of `body`, under an ordinary subject, in a small message.
fn checked(body: Body<'_>) -> Vec<Finding> {
    let subject = "Rentrée numérique";
    message(
        body,
        subject,
        SubjectLead::Fixed(17),
        10_000,
        &Memo::default(),
    )
}

/// The checks of an HTML body written by a person, with a text part `text`.
fn authored(html: &str, text: Option<&str>) -> Vec<Finding> {
    checked(Body {
        html: Some(html),
        text: text.map(str::as_bytes),
        text_generated: false,
        authored: true,
    })
}

/// The checks of an HTML body missive generated (markdown), with its text part (one word:
/// it is not measured against the HTML).
fn generated(html: &str) -> Vec<Finding> {
    checked(Body {
        html: Some(html),
        text: Some(b"Bonjour"),
        text_generated: true,
        authored: false,
    })
}

fn words(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(Finding::word).collect()
}

/// A page of ordinary text, well over `SpamAssassin`'s image-only sizes.
fn long_text() -> String {
    "<p>L’enseignement à distance reprend le lundi 26 avril 2021.</p>\n".repeat(60)
}

#[test]
fn an_image_in_little_html_is_flagged_with_spamassassins_measure() {
    let html = "<p>Voir l’infographie.</p><img src=\"info.png\" alt=\"Infographie\">";
    let findings = generated(html);
    assert_eq!(
        findings,
        [Finding::ImageOnly {
            html_chars: html.chars().count()
        }]
    );
    let said = findings[0].to_string();
    assert!(
        said.contains("HTML_IMAGE_ONLY") && said.contains("3,200"),
        "{said}"
    );
    // The same image with more than 3,200 bytes of HTML, or the same HTML without an image.
    let long = format!("{}<img src=\"info.png\" alt=\"Infographie\">", long_text());
    assert!(long.len() > IMAGE_ONLY_CHARS);
    assert!(generated(&long).is_empty(), "{:?}", generated(&long));
    assert!(generated("<p>Voir le site.</p>").is_empty());
    // Counted in characters, as SpamAssassin does: 3,100 accented letters are 6,100 bytes.
    let accented = format!(
        "<p>{}</p><img src=\"info.png\" alt=\"Infographie\">",
        "é".repeat(3050)
    );
    assert!(accented.len() > IMAGE_ONLY_CHARS);
    assert_eq!(
        generated(&accented),
        [Finding::ImageOnly {
            html_chars: accented.chars().count()
        }]
    );
}

#[test]
fn an_html_body_without_a_usable_text_part_is_flagged_with_the_numbers() {
    let html = long_text();
    // The sentence 60 times, one space between (the tags separate them).
    let sentence = "L’enseignement à distance reprend le lundi 26 avril 2021.";
    let full = 60 * sentence.chars().count() + 59;
    assert_eq!(html::scan(&html, &Memo::default(), true).text_chars, full);
    assert_eq!(words(&authored_fit(&html, None)), ["no_text_part"]);
    assert_eq!(
        authored_fit(&html, Some("  \n")),
        [Finding::ShortText {
            text_chars: 0,
            html_chars: full
        }]
    );
    let short = "L’enseignement à distance reprend le lundi 26 avril.";
    let findings = authored_fit(&html, Some(short));
    assert_eq!(
        findings,
        [Finding::ShortText {
            text_chars: short.chars().count(),
            html_chars: full
        }]
    );
    assert!(
        findings[0]
            .to_string()
            .contains(&format!("{} characters", short.chars().count()))
    );
    // A text part about as long as the HTML's text is fine, markup or not.
    let text = "L’enseignement à distance reprend le lundi 26 avril 2021.\n".repeat(60);
    assert!(authored_fit(&html, Some(&text)).is_empty());
}

/// `authored`, on a complete page, so that only the text part is in question.
fn authored_fit(body: &str, text: Option<&str>) -> Vec<Finding> {
    let html = format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><title>Rentrée</title></head><body>{body}</body></html>"
    );
    authored(&html, text)
}

#[test]
fn images_without_alt_text_are_named() {
    let html = format!(
        "{}<img src=\"a.png\"><img src=\"b.png\" alt=\" \"><img src=\"c.png\" alt=\"Carte\"><img src=\"a.png\">",
        long_text()
    );
    assert_eq!(
        generated(&html),
        [
            Finding::MissingAlt {
                image: "a.png".into()
            },
            Finding::MissingAlt {
                image: "b.png".into()
            },
        ]
    );
}

#[test]
fn a_link_that_shows_another_domain_names_both() {
    let text = long_text();
    let html = format!("{text}<a href=\"https://evil.example/login\">https://ac-lille.fr</a>");
    let findings = generated(&html);
    assert_eq!(
        findings,
        [Finding::LinkDomain {
            shown: "ac-lille.fr".into(),
            target: "evil.example".into(),
            href: "https://evil.example/login".into(),
        }]
    );
    let said = findings[0].to_string();
    assert!(
        said.contains("`ac-lille.fr`") && said.contains("`evil.example`"),
        "{said}"
    );
    for fine in [
        "<a href=\"https://www.ac-lille.fr/dane\">ac-lille.fr</a>",
        "<a href=\"https://dane.ac-lille.fr/\">https://dane.ac-lille.fr/</a>",
        "<a href=\"https://evil.example/\">les tutoriels de la DANE</a>",
        "<a href=\"https://ac-lille.fr/\">M.Dupont</a>",
        "<a href=\"mailto:ien.lille-1@ac-lille.fr\">ien.lille-1@ac-lille.fr</a>",
    ] {
        let findings = generated(&format!("{text}{fine}"));
        assert!(findings.is_empty(), "{fine}: {findings:?}");
    }
    let mail = generated(&format!(
        "{text}<a href=\"mailto:x@evil.example\">ien@ac-lille.fr</a>"
    ));
    assert_eq!(words(&mail), ["link_shows_other_domain"]);
}

#[test]
fn a_subject_in_capitals_is_flagged_and_says_what_counts() {
    let check = |subject: &str| {
        message(
            Body {
                html: None,
                text: None,
                text_generated: false,
                authored: false,
            },
            subject,
            SubjectLead::Fixed(10),
            1,
            &Memo::default(),
        )
    };
    let findings = check("RENTRÉE NUMÉRIQUE DU 26 AVRIL");
    assert_eq!(
        findings,
        [Finding::CapitalSubject {
            capitals: 23,
            letters: 23
        }]
    );
    assert!(findings[0].to_string().contains("23 of its 23 letters"));
    assert!(check("RENTRÉE NUMÉRIQUE : consignes CNED et ENT").is_empty());
    assert!(check("URGENT ENT").is_empty(), "under 10 letters");
    assert!(check("RENTRÉENUMÉRIQUE").is_empty(), "one word");
}

#[test]
fn a_long_subject_is_flagged_only_when_its_fixed_words_fill_what_gmail_shows() {
    let check = |subject: &str, lead: SubjectLead| {
        message(
            Body {
                html: None,
                text: None,
                text_generated: false,
                authored: false,
            },
            subject,
            lead,
            1,
            &Memo::default(),
        )
    };
    // The sample: 53 characters of its own, then the school.
    let template = "Rentrée numérique du 26 avril — recommandations pour {{ ecole }}";
    let lead = SubjectLead::of(template);
    assert_eq!(lead, SubjectLead::Fixed(52));
    let subject =
        "Rentrée numérique du 26 avril — recommandations pour École élémentaire Jules-Ferry";
    assert!(subject.chars().count() > 78);
    assert!(check(subject, lead).is_empty());
    // 71 characters of the template's own before any value.
    let long = format!("{} {{{{ ecole }}}}", "a".repeat(71));
    let lead = SubjectLead::of(&long);
    assert_eq!(
        check("whatever", lead),
        [Finding::LongSubject {
            chars: 71,
            from_data: false
        }]
    );
    assert!(check("", lead)[0].to_string().contains("Gmail"));
    // A subject from the list is measured whole.
    assert_eq!(SubjectLead::of("{{ objet }}"), SubjectLead::FromData);
    assert_eq!(
        words(&check(&"é".repeat(71), SubjectLead::FromData)),
        ["long_subject"]
    );
    assert!(check(&"é".repeat(70), SubjectLead::FromData).is_empty());
}

#[test]
fn a_message_over_the_common_relay_limit_is_flagged() {
    let check = |size| {
        message(
            Body {
                html: None,
                text: None,
                text_generated: false,
                authored: false,
            },
            "Rentrée",
            SubjectLead::Fixed(7),
            size,
            &Memo::default(),
        )
    };
    let findings = check(RELAY_LIMIT + 1);
    assert_eq!(words(&findings), ["message_too_big"]);
    assert!(
        findings[0].to_string().contains("10,240,000 bytes"),
        "{}",
        findings[0]
    );
    assert!(check(RELAY_LIMIT).is_empty());
}

#[test]
fn authored_html_without_lang_title_or_max_width_is_flagged_never_generated_html() {
    let bare = format!(
        "<html><body>{}<img src=\"info.png\" alt=\"Infographie\"></body></html>",
        long_text()
    );
    assert_eq!(
        authored(&bare, Some(&"x".repeat(5000))),
        [
            Finding::NoLang,
            Finding::NoTitle,
            Finding::UnscaledImage {
                image: "info.png".into()
            }
        ]
    );
    assert!(generated(&bare).is_empty());
    let complete = |image: &str, style: &str| {
        format!(
            "<!DOCTYPE html><html lang=\"fr\"><head><title>Rentrée</title>{style}</head><body>{}{image}</body></html>",
            long_text()
        )
    };
    for (image, style) in [
        (
            "<img src=\"info.png\" alt=\"I\" style=\"max-width: 100%; height: auto\">",
            "",
        ),
        (
            "<img src=\"info.png\" alt=\"I\">",
            "<style>img { max-width: 100% }</style>",
        ),
        ("<img src=\"logo.png\" alt=\"Logo\" width=\"120\">", ""),
    ] {
        let findings = authored(&complete(image, style), Some(&"x".repeat(5000)));
        assert!(findings.is_empty(), "{image}{style}: {findings:?}");
    }
    let wide = authored(
        &complete("<img src=\"info.png\" alt=\"I\" width=\"1000\">", ""),
        Some(&"x".repeat(5000)),
    );
    assert_eq!(words(&wide), ["image_without_max_width"]);
}

#[test]
fn the_same_finding_on_many_rows_is_one_group_with_its_count_and_first_row() {
    let row = |line| RowRef {
        file: Arc::from(Path::new("liste.csv")),
        line,
    };
    let mut tally = Tally::default();
    for line in 2..14 {
        tally.add(
            &row(line),
            &[
                Finding::ImageOnly {
                    html_chars: 2000 + usize::try_from(line).unwrap(),
                },
                Finding::MissingAlt {
                    image: "info.png".into(),
                },
            ],
        );
    }
    tally.add(
        &row(20),
        &[Finding::MissingAlt {
            image: "logo.png".into(),
        }],
    );
    let groups: Vec<(&str, u64, usize)> = tally
        .groups()
        .iter()
        .map(|g| (g.finding.word(), g.first.line, g.count))
        .collect();
    assert_eq!(
        groups,
        [
            ("image_only", 2, 12),
            ("image_without_alt", 2, 12),
            ("image_without_alt", 20, 1)
        ]
    );
    // A different link on every row: ten said, the rest counted.
    let mut links = Tally::default();
    for line in 0..25 {
        links.add(
            &row(line),
            &[Finding::LinkDomain {
                shown: "ac-lille.fr".into(),
                target: "evil.example".into(),
                href: format!("https://evil.example/{line}"),
            }],
        );
    }
    assert_eq!(links.groups().len(), 10);
    assert_eq!(links.others(), [("link_shows_other_domain", 15)]);
}

#[test]
fn a_warning_is_placed_on_the_template_line_that_holds_it_or_on_the_data() {
    let file = TemplateFile {
        path: "message.md".into(),
        headers: "From: a@example.org\nSubject: Rentrée\n".into(),
        body: "Bonjour,\n\n![](info.png)\n".into(),
        body_line: 4,
        body_kind: crate::render::BodyKind::Markdown,
        own_text: None,
    };
    let at = |line| Place::Template {
        path: "message.md".into(),
        line,
    };
    let alt = Finding::MissingAlt {
        image: "info.png".into(),
    };
    assert_eq!(Place::of(&alt, &file), at(6));
    let from_data = Finding::MissingAlt {
        image: "photo-lille.png".into(),
    };
    assert_eq!(Place::of(&from_data, &file), Place::Data);
    assert_eq!(Place::of(&Finding::NoTextPart, &file), at(4));
    let capitals = Finding::CapitalSubject {
        capitals: 20,
        letters: 20,
    };
    assert_eq!(Place::of(&capitals, &file), at(2));
    assert_eq!(Place::of(&Finding::TooBig { bytes: 1 }, &file), Place::Data);
}

#[test]
fn rows_that_differ_in_their_text_or_their_tags_are_each_scanned_right() {
    let memo = Memo::default();
    let page = |text: &str, alt: &str, shown: &str| {
        format!(
            "<p>{text}</p><img src=\"a.png\" alt=\"{alt}\"><a href=\"https://ac-lille.fr/\">{shown}</a>"
        )
    };
    // The same tags, other text: the tags' findings kept, the text counted again.
    let first = html::scan(&page("Bonjour", "", "le site"), &memo, true);
    let second = html::scan(&page("Bonjour &amp; merci", "", "le site"), &memo, true);
    assert_eq!(first.missing_alt, ["a.png"]);
    assert_eq!(second.missing_alt, ["a.png"]);
    assert_eq!(
        (first.text_chars, second.text_chars),
        ("Bonjour le site".len(), "Bonjour & merci le site".len())
    );
    // Other tags, or other words in a link: scanned again.
    assert!(
        html::scan(&page("Bonjour", "Carte", "le site"), &memo, true)
            .missing_alt
            .is_empty()
    );
    let link = html::scan(
        &page("Bonjour", "Carte", "https://evil.example"),
        &memo,
        true,
    );
    assert_eq!(link.links.len(), 1, "{link:?}");
    // A comment may hide tags: its HTML is scanned whole.
    let hidden = html::scan("<p>Bonjour</p><!-- <img src=\"a.png\"> -->", &memo, true);
    assert_eq!(hidden.images, 0);
}

#[test]
fn text_is_measured_in_characters_with_white_space_collapsed() {
    // The plain definition, one character at a time.
    let reference = |text: &str| {
        text.split_ascii_whitespace()
            .map(|word| word.chars().count())
            .sum::<usize>()
            + text.split_ascii_whitespace().count().saturating_sub(1)
    };
    for text in [
        "",
        "   ",
        "Élodie",
        "  Rentrée   numérique\n\n— lundi 26 avril  ",
        "a\tb\r\nc",
        "déjà vu, à l’école : « oui »",
    ] {
        assert_eq!(
            html::words_length(text.as_bytes()),
            reference(text),
            "{text:?}"
        );
    }
}
