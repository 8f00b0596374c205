//! The pages, as Tera templates built into the binary; every value is HTML-escaped (the
//! templates end in `.html`, which Tera escapes), and every word comes from
//! `locales/<lang>/serve.ftl` in the run's language.

use std::collections::BTreeMap;

use tera::{Context, Tera};

use super::ServeError;
use super::campaign_page::CampaignView;
use super::recipients_page::RecipientsView;
use super::start_page::StartView;
use super::upload::FileInput;

const CAMPAIGN: &str = "campaign.html";
const RECIPIENTS: &str = "recipients.html";
pub(super) const PREVIEW: &str = "preview.html";
pub(super) const REVIEW: &str = "review.html";
const REFUSED: &str = "refused.html";
const START: &str = "start.html";

/// The app's templates, compiled once.
pub(crate) struct Pages {
    tera: Tera,
}

impl Pages {
    pub(crate) fn new() -> Result<Self, ServeError> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        tera.add_raw_templates([
            ("base.html", include_str!("templates/base.html")),
            (CAMPAIGN, include_str!("templates/campaign.html")),
            (RECIPIENTS, include_str!("templates/recipients.html")),
            (PREVIEW, include_str!("templates/preview.html")),
            (REVIEW, include_str!("templates/review.html")),
            (REFUSED, include_str!("templates/refused.html")),
            ("send.html", include_str!("templates/send.html")),
            ("test_send.html", include_str!("templates/test_send.html")),
            (
                "test_send_style.html",
                include_str!("templates/test_send_style.html"),
            ),
            ("results.html", include_str!("templates/results.html")),
            (START, include_str!("templates/start.html")),
            ("file_input.html", include_str!("templates/file_input.html")),
        ])
        .map_err(|error| ServeError::Page {
            reason: chain(&error),
        })?;
        Ok(Self { tera })
    }

    /// The Campaign page; `saved` or `not_saved` says how a save went.
    pub(crate) fn campaign(
        &self,
        view: &CampaignView,
        csrf: &str,
        saved: Option<&str>,
        not_saved: Option<&str>,
    ) -> Result<String, ServeError> {
        let mut context = Context::new();
        context.insert("view", view);
        context.insert("csrf", csrf);
        context.insert("saved", &saved);
        context.insert("not_saved", &not_saved);
        context.insert("current", "campaign");
        let words = BTreeMap::from([
            ("title", t!("serve-campaign-title")),
            ("heading", t!("serve-campaign-heading")),
            ("folder", t!("serve-folder")),
            ("problems", t!("serve-problems")),
            ("no_problems", t!("serve-no-problems")),
            ("check", t!("serve-check")),
            ("template", t!("serve-template")),
            ("edit", t!("serve-edit")),
            ("save", t!("serve-save")),
            ("columns", t!("serve-columns")),
            ("no_columns", t!("serve-no-columns")),
        ]);
        self.render(CAMPAIGN, context, &words)
    }

    /// The Recipients page; `kept` or `not_kept` says how a list given through it went.
    pub(crate) fn recipients(
        &self,
        view: &RecipientsView,
        csrf: &str,
        kept: Option<&str>,
        not_kept: Option<&str>,
    ) -> Result<String, ServeError> {
        let mut context = Context::new();
        context.insert("view", view);
        context.insert("csrf", csrf);
        context.insert("kept", &kept);
        context.insert("not_kept", &not_kept);
        context.insert(
            "input",
            &FileInput::new(
                "list",
                ".csv,.xlsx,.ods,.xls,.tsv,.txt",
                t!("serve-list-choose"),
                t!("serve-list-send"),
            ),
        );
        context.insert("current", "recipients");
        let words = BTreeMap::from([
            ("title", t!("serve-recipients-title")),
            ("heading", t!("serve-recipients-heading")),
            ("folder", t!("serve-folder")),
            ("how", t!("serve-list-how")),
            ("file", t!("serve-list-file")),
            ("columns", t!("serve-list-columns")),
            ("rows", t!("serve-list-row-count")),
            ("filter", t!("serve-filter")),
            ("where", t!("serve-filter-where")),
            ("apply", t!("serve-filter-apply")),
            ("problems", t!("serve-list-problems")),
            ("no_problems", t!("serve-list-no-problems")),
            ("first", t!("serve-first-heading")),
            ("give", t!("serve-list-give")),
        ]);
        self.render(RECIPIENTS, context, &words)
    }

    /// The start page of a folder with no campaign.
    pub(crate) fn start(&self, view: &StartView, csrf: &str) -> Result<String, ServeError> {
        let mut context = Context::new();
        context.insert("view", view);
        context.insert("csrf", csrf);
        context.insert("current", "start");
        context.insert(
            "input",
            &FileInput::new(
                "eml",
                ".eml,message/rfc822",
                t!("serve-start-eml-choose"),
                t!("serve-start-eml-make"),
            ),
        );
        let words = BTreeMap::from([
            ("title", t!("serve-start-title")),
            ("heading", t!("serve-start-heading")),
            ("folder", t!("serve-folder")),
            ("intro", t!("serve-start-intro")),
            ("sample", t!("serve-start-sample")),
            ("sample_what", t!("serve-start-sample-what")),
            ("eml", t!("serve-start-eml")),
            ("eml_what", t!("serve-start-eml-what")),
        ]);
        self.render(START, context, &words)
    }

    /// The page of a request refused for want of the address's token or a session.
    pub(crate) fn refused(&self) -> Result<String, ServeError> {
        let words = BTreeMap::from([
            ("title", t!("serve-refused-title")),
            ("why", t!("serve-refused")),
        ]);
        self.render(REFUSED, Context::new(), &words)
    }

    /// The page `name` (a template added in [`Pages::new`]) with `context` and `words`.
    pub(crate) fn render_page(
        &self,
        name: &str,
        context: Context,
        words: &BTreeMap<&str, String>,
    ) -> Result<String, ServeError> {
        self.render(name, context, words)
    }

    pub(super) fn render(
        &self,
        name: &str,
        mut context: Context,
        words: &BTreeMap<&str, String>,
    ) -> Result<String, ServeError> {
        // The navigation bar's: links to the pages there are.
        let mut words = words.clone();
        words.insert("nav_campaign", t!("serve-nav-campaign"));
        words.insert("nav_recipients", t!("serve-nav-recipients"));
        words.insert("nav_preview", t!("serve-nav-preview"));
        words.insert("nav_review", t!("serve-nav-review"));
        words.insert("nav_send", t!("serve-nav-send"));
        words.insert("nav_results", t!("serve-nav-results"));
        let lang = match crate::i18n::lang() {
            crate::i18n::Lang::En => "en",
            crate::i18n::Lang::Fr => "fr",
        };
        context.insert("lang", lang);
        context.insert("words", &words);
        self.tera
            .render(name, &context)
            .map_err(|error| ServeError::Page {
                reason: chain(&error),
            })
    }
}

/// An error and its causes: Tera keeps the real one in `source()`.
fn chain(error: &dyn std::error::Error) -> String {
    let mut said = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        said.push_str(": ");
        said.push_str(&inner.to_string());
        cause = inner.source();
    }
    said
}

/// The text of a page outside its tags and its style sheet (the tests of the pages).
#[cfg(test)]
pub(crate) fn visible(html: &str) -> String {
    let html = match (html.find("<style>"), html.find("</style>")) {
        (Some(start), Some(end)) => format!("{}{}", &html[..start], &html[end..]),
        _ => html.to_owned(),
    };
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::campaign_page::{Line, Shown};

    #[test]
    fn every_value_is_escaped() {
        let pages = Pages::new().expect("the templates compile");
        let view = CampaignView {
            folder: "<b>dossier</b>".into(),
            text: "</textarea><script>alert(1)</script>".into(),
            lines: vec![Line {
                number: 1,
                text: "<script>x</script>".into(),
                flagged: true,
            }],
            columns: vec!["<i>nom</i>".into()],
            problems: vec![Shown {
                kind: "error",
                line: Some(1),
                text: "<img src=x>".into(),
            }],
            ..CampaignView::default()
        };
        let html = pages
            .campaign(&view, "\"><x", Some("<u>"), None)
            .expect("renders");
        for raw in [
            "<script>",
            "</textarea><",
            "<b>",
            "<i>",
            "<img",
            "<u>",
            "\"><x",
        ] {
            assert!(!html.contains(raw), "{raw} left as is in {html}");
        }
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    fn a_list() -> RecipientsView {
        RecipientsView {
            folder: "/home/ien/rentree".into(),
            file: Some("/home/ien/rentree/<liste>.csv".into()),
            how: vec![crate::serve::recipients_page::Fact {
                name: "Encodage".into(),
                value: "UTF-8".into(),
            }],
            columns: vec!["<b>".into(), "email".into()],
            rows: Some("12 lignes".into()),
            filter: Some("\"><script>x</script>".into()),
            matched: Some("1 ligne sur 12 remplit la condition `<i>`".into()),
            first: vec![vec!["<script>alert(1)</script>".into(), "a@b.fr".into()]],
            problems: vec![Shown {
                kind: "error",
                line: None,
                text: "ligne 7 : <img src=x>".into(),
            }],
            ..RecipientsView::default()
        }
    }

    #[test]
    fn the_recipients_page_escapes_every_value() {
        let pages = Pages::new().expect("the templates compile");
        let html = pages
            .recipients(&a_list(), "0123", Some("<u>kept</u>"), Some("<s>"))
            .expect("renders");
        for raw in ["<b>", "<script>", "<i>", "<img", "\"><", "<u>", "<s>"] {
            assert!(!html.contains(raw), "{raw} left as is in {html}");
        }
        assert!(html.contains("<th scope=\"col\">&lt;b&gt;</th>"), "{html}");
        assert!(html.contains("ligne 7 : &lt;img src=x&gt;"), "{html}");
        assert!(html.contains("<td>a@b.fr</td>"), "{html}");
        // The bar links to the pages that exist, this one marked as the one shown.
        assert!(
            html.contains("<a href=\"/recipients\" aria-current=\"page\">"),
            "{html}"
        );
        assert!(html.contains("<a href=\"/\">"), "{html}");
    }

    #[test]
    fn the_pages_say_no_english_in_french() {
        use crate::i18n::{Lang, audit::english_left, in_lang};
        let pages = Pages::new().expect("the templates compile");
        let view = CampaignView {
            folder: "/home/ien/rentree".into(),
            columns: Vec::new(),
            ..CampaignView::default()
        };
        let (campaign, refused, recipients) = in_lang(Lang::Fr, || {
            (
                pages
                    .campaign(&view, "0123", Some(&t!("serve-saved")), None)
                    .expect("renders"),
                pages.refused().expect("renders"),
                pages
                    .recipients(
                        &RecipientsView {
                            first_said: Some(t!("serve-first-rows", count = 1)),
                            ..a_list()
                        },
                        "0123",
                        Some(&t!("serve-list-kept", name = "ecoles.csv")),
                        Some(&t!("serve-upload-no-file")),
                    )
                    .expect("renders"),
            )
        });
        for html in [campaign, refused, recipients] {
            assert!(html.contains("<html lang=\"fr\">"), "{html}");
            let text = visible(&html);
            assert_eq!(english_left(&text), Vec::<String>::new(), "{text}");
        }
    }
    #[test]
    fn the_preview_and_review_pages_say_no_english_in_french() {
        use crate::i18n::{Lang, audit::english_left, in_lang};
        use crate::serve::gallery_view::{Gallery, GalleryRow, ShownFile, ShownMessage};
        use crate::serve::preview_page::PreviewView;
        use crate::serve::review_page::{ReviewView, Said};
        let pages = Pages::new().expect("the templates compile");
        let (preview, review, changed) = in_lang(Lang::Fr, || {
            let gallery = Gallery {
                count: t!("serve-preview-count", count = 12, size = "2,5 Mo"),
                rows: vec![GalleryRow {
                    number: Some(1),
                    line: 2,
                    recipient: "Hélène Dewaele <ce.0590001a@ac-lille.example>".into(),
                    subject: "Rentrée numérique".into(),
                    size: Some("177,5 ko".into()),
                    warnings: Vec::new(),
                    shown: true,
                }],
                more: Some(t!(
                    "serve-preview-more",
                    shown = 200,
                    count = 1000,
                    index = "/tmp/preview/index.html"
                )),
                message: Some(ShownMessage {
                    heading: t!(
                        "serve-preview-message",
                        number = 1,
                        count = 12,
                        subject = "Rentrée"
                    ),
                    to: "ce.0590001a@ac-lille.example".into(),
                    size: "177,5 ko".into(),
                    page: "/preview/files/messages/00001.html".into(),
                    eml: Some("/preview/files/messages/00001.eml".into()),
                    eml_name: Some("00001.eml".into()),
                    attachments: vec![ShownFile {
                        name: "infographie.png".into(),
                        size: "120 ko".into(),
                        link: None,
                    }],
                }),
            };
            let preview = pages
                .preview(
                    &PreviewView {
                        folder: "/home/ien/rentree".into(),
                        out: "/home/ien/rentree/preview".into(),
                        refused: Some("refusé".into()),
                        refused_approved: true,
                        approval: Some(t!(
                            "serve-preview-approved",
                            by = "Marie Dupont",
                            at = "6 décembre 2026 à 18 h 00"
                        )),
                        gallery: Some(gallery),
                        ..PreviewView::default()
                    },
                    "0123",
                )
                .expect("renders");
            let review = |changed: Vec<Said>| {
                pages
                    .review(
                        &ReviewView {
                            folder: "/home/ien/rentree".into(),
                            out: "/home/ien/rentree/preview".into(),
                            messages: Some(t!("serve-review-messages", count = 12, plan = "3f2a…")),
                            approval: Some(t!(
                                "serve-review-approved",
                                by = "Marie Dupont",
                                at = "hier",
                                count = 12,
                                plan = "3f2a…"
                            )),
                            changed,
                            done: vec![t!("serve-review-withdrawn", by = "Marie Dupont")],
                            ..ReviewView::default()
                        },
                        "0123",
                    )
                    .expect("renders")
            };
            let changed = vec![Said {
                depth: 1,
                text: "le modèle a changé".into(),
            }];
            (preview, review(Vec::new()), review(changed))
        });
        assert!(preview.contains(">Aperçu</button>"), "{preview}");
        assert!(
            preview.contains(">M&#39;envoyer un test</button>"),
            "{preview}"
        );
        assert!(review.contains(">Approuver</button>"), "{review}");
        assert!(changed.contains("Il faut un nouvel aperçu"), "{changed}");
        for html in [preview, review, changed] {
            assert!(html.contains("<html lang=\"fr\">"), "{html}");
            let text = visible(&html);
            assert_eq!(english_left(&text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn the_start_page_offers_both_ways_and_says_no_english_in_french() {
        use crate::i18n::{Lang, audit::english_left, in_lang};
        let pages = Pages::new().expect("the templates compile");
        let view = StartView {
            folder: "/home/ien/<missive>".into(),
            not_made: Some("<b>non</b>".into()),
        };
        let html = in_lang(Lang::Fr, || pages.start(&view, "0123").expect("renders"));
        assert!(html.contains("<html lang=\"fr\">"), "{html}");
        for form in [
            "action=\"/start/sample\"",
            "action=\"/start/eml\" enctype=\"multipart/form-data\"",
            "name=\"csrf\" value=\"0123\"",
            "accept=\".eml",
            "Créer la campagne d&#39;exemple",
        ] {
            assert!(html.contains(form), "{form}: {html}");
        }
        assert!(
            !html.contains("<b>non") && !html.contains("<missive>"),
            "{html}"
        );
        let text = visible(&html);
        assert_eq!(english_left(&text), Vec::<String>::new(), "{text}");
    }
}
