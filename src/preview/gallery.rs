//! `index.html`: the list of every message, for a reviewer's browser (no server).
//!
//! The rows are data, not markup: `assets/rows.js` holds one small array per row and
//! `assets/gallery.js` shows fifty at a time, with a search and a filter, so the page stays
//! quick at 100,000 rows. Without JavaScript the page still lists the first fifty rows, written
//! in the HTML, and every message page links to the next one, so nothing is out of reach.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::html::{self, NextSteps, escape};

pub(super) const FILE: &str = "index.html";
const ROWS: &str = "assets/rows.js";
/// Rows per page, here and in the script.
const PAGE: usize = 50;

/// One line of the list: a message, or a row that sends nothing (a duplicate, a skipped row).
#[derive(Debug, Clone, Default)]
pub(super) struct GalleryRow {
    /// The message's number; `None` for a row that sends nothing.
    pub number: Option<usize>,
    pub line: u64,
    pub name: String,
    pub address: String,
    pub subject: String,
    pub attachments: Vec<(String, u64)>,
    pub size: u64,
    pub warnings: Vec<String>,
    /// Whether `messages/NNNNN.eml` was written.
    pub eml: bool,
}

/// What the top and bottom of the index say.
pub(super) struct IndexInfo<'a> {
    pub campaign: &'a str,
    pub list: &'a str,
    /// `--where`: only the rows it kept are listed.
    pub filter: Option<&'a crate::filter::FilterSummary>,
    pub revision: &'a str,
    pub generated: &'a str,
    /// How the `.eml` files were chosen, in a sentence.
    pub eml_rule: &'a str,
    pub files: usize,
    pub next: &'a NextSteps,
}

/// Writes the rows as they come, so the list is never held whole.
pub(super) struct Gallery {
    rows: BufWriter<File>,
    first_page: Vec<GalleryRow>,
    attachment_sets: HashMap<Vec<(String, u64)>, usize>,
    count: usize,
    messages: usize,
    bytes: u64,
    warned: usize,
    skipped: usize,
}

impl Gallery {
    /// Starts the gallery in the preview folder `dir`.
    pub(super) fn start(dir: &Path) -> io::Result<Self> {
        let assets = dir.join("assets");
        std::fs::create_dir_all(&assets)?;
        std::fs::write(assets.join("style.css"), include_str!("assets/style.css"))?;
        std::fs::write(assets.join("gallery.js"), include_str!("assets/gallery.js"))?;
        let mut rows = BufWriter::new(File::create(dir.join(ROWS))?);
        rows.write_all(
            b"// Written by `missive preview`: the rows of index.html, shown by gallery.js.\n\
              // [number, line, name, address, subject, attachments, size, warnings, eml]\n\
              window.MISSIVE_ROWS = [\n",
        )?;
        Ok(Self {
            rows,
            first_page: Vec::with_capacity(PAGE),
            attachment_sets: HashMap::new(),
            count: 0,
            messages: 0,
            bytes: 0,
            warned: 0,
            skipped: 0,
        })
    }

    pub(super) fn row(&mut self, row: GalleryRow) -> io::Result<()> {
        let set = if row.attachments.is_empty() {
            None
        } else {
            let next = self.attachment_sets.len();
            Some(
                *self
                    .attachment_sets
                    .entry(row.attachments.clone())
                    .or_insert(next),
            )
        };
        if self.count > 0 {
            self.rows.write_all(b",\n")?;
        }
        let data = (
            row.number,
            row.line,
            &row.name,
            &row.address,
            &row.subject,
            set,
            row.size,
            &row.warnings,
            u8::from(row.eml),
        );
        serde_json::to_writer(&mut self.rows, &data).map_err(io::Error::other)?;
        self.count += 1;
        match row.number {
            Some(_) => {
                self.messages += 1;
                self.bytes += row.size;
            }
            None => self.skipped += 1,
        }
        if !row.warnings.is_empty() {
            self.warned += 1;
        }
        if self.first_page.len() < PAGE {
            self.first_page.push(row);
        }
        Ok(())
    }

    /// Ends the data file and writes `index.html`.
    pub(super) fn finish(mut self, dir: &Path, info: &IndexInfo<'_>) -> io::Result<()> {
        let mut sets: Vec<(&Vec<(String, u64)>, usize)> = self
            .attachment_sets
            .iter()
            .map(|(set, index)| (set, *index))
            .collect();
        sets.sort_by_key(|(_, index)| *index);
        let sets: Vec<&Vec<(String, u64)>> = sets.into_iter().map(|(set, _)| set).collect();
        self.rows.write_all(b"\n];\nwindow.MISSIVE_META = ")?;
        serde_json::to_writer(
            &mut self.rows,
            &serde_json::json!({ "attachmentSets": sets, "campaign": info.campaign }),
        )
        .map_err(io::Error::other)?;
        self.rows.write_all(b";\n")?;
        self.rows.flush()?;
        let mut out = BufWriter::new(File::create(dir.join(FILE))?);
        out.write_all(self.page(info).as_bytes())?;
        out.flush()
    }

    fn page(&self, info: &IndexInfo<'_>) -> String {
        let lang = crate::i18n::lang();
        let strong = |n: usize| format!("<strong>{}</strong>", crate::i18n::number(n as u64, lang));
        let mut page = html::page_start(&t!("gallery-title", campaign = info.campaign), "", true);
        let _ = write!(
            page,
            "<body>\n<a class=\"skip\" href=\"#liste\">{skip}</a>\n<main>\n\
             <h1>{title}</h1>\n<p>{intro}</p>\n<ul class=\"summary\">\n",
            skip = t!("gallery-skip"),
            title = escape(&t!("gallery-title", campaign = info.campaign)),
            intro = t!(
                "gallery-intro",
                list = format!("<code>{}</code>", escape(info.list))
            ),
        );
        for line in [
            t!(
                "gallery-summary-messages",
                count = self.messages,
                number = strong(self.messages)
            ),
            t!(
                "gallery-summary-size",
                size = format!("<strong>{}</strong>", html::size(self.bytes))
            ),
            t!(
                "gallery-summary-warned",
                count = self.warned,
                number = strong(self.warned)
            ),
            t!(
                "gallery-summary-skipped",
                count = self.skipped,
                number = strong(self.skipped)
            ),
            t!(
                "gallery-summary-files",
                count = info.files,
                number = strong(info.files)
            ),
        ] {
            let _ = writeln!(page, "<li>{line}</li>");
        }
        let _ = writeln!(
            page,
            "</ul>\n<p class=\"note\">{} {}</p>",
            t!(
                "gallery-generated",
                date = escape(info.generated),
                revision = format!(
                    "<code>{}</code>",
                    escape(info.revision.get(..12).unwrap_or(info.revision))
                )
            ),
            escape(info.eml_rule),
        );
        if let Some(filter) = info.filter {
            let _ = writeln!(
                page,
                "<p class=\"filtre\">{}</p>",
                t!(
                    "gallery-filter",
                    expression = format!("<code>--where {}</code>", escape(&filter.expression)),
                    matched = filter.matched,
                    total = filter.matched + filter.left_out,
                    left = filter.left_out,
                )
            );
        }
        page.push_str(&list_head());
        page.push_str("</tr></thead>\n<tbody id=\"lignes\">\n");
        for row in &self.first_page {
            page.push_str(&static_row(row));
        }
        let _ = write!(
            page,
            "</tbody>\n</table>\n<nav id=\"pages\" class=\"pages\" aria-label=\"{label}\" hidden>\n\
             <button type=\"button\" id=\"precedente\">{previous}</button>\n\
             <span id=\"position\">{position}</span>\n\
             <button type=\"button\" id=\"suivante\">{next}</button>\n</nav>\n</main>\n",
            label = t!("gallery-pages"),
            previous = t!("gallery-page-previous"),
            position = t!(
                "gallery-page-position",
                page = 1,
                pages = self.count.div_ceil(PAGE).max(1)
            ),
            next = t!("gallery-page-next"),
        );
        page.push_str(&info.next.footer());
        let _ = write!(
            page,
            "<script src=\"{ROWS}\"></script>\n<script src=\"{}\"></script>\n</body>\n</html>\n",
            html::SCRIPT
        );
        page
    }
}

/// The search form and the head of the list, for the script to fill.
fn list_head() -> String {
    let mut page = String::with_capacity(2048);
    let _ = write!(
        page,
        "<form id=\"recherche\" role=\"search\" hidden>\n\
             <div><label for=\"q\">{search}</label>\n\
             <input type=\"search\" id=\"q\" name=\"q\" autocomplete=\"off\" aria-describedby=\"aide-recherche\"></div>\n\
             <div><label for=\"filtre\">{show}</label>\n<select id=\"filtre\" name=\"f\">\n\
             <option value=\"\">{all}</option>\n\
             <option value=\"avertissements\">{warned}</option>\n\
             <option value=\"ignorees\">{skipped}</option>\n</select></div>\n\
             <button type=\"submit\">{button}</button>\n\
             <p id=\"aide-recherche\" class=\"note\">{help}</p>\n\
             </form>\n\
             <p id=\"sans-script\" class=\"note\">{no_script}</p>\n\
             <p id=\"etat\" role=\"status\" aria-live=\"polite\"></p>\n\
             <table id=\"liste\"{words}>\n<caption>{caption}</caption>\n<thead><tr>",
        search = t!("gallery-search-label"),
        show = t!("gallery-show"),
        all = t!("gallery-show-all"),
        warned = t!("gallery-show-warned"),
        skipped = t!("gallery-show-skipped"),
        button = t!("gallery-search-button"),
        help = t!("gallery-search-help"),
        no_script = t!("gallery-no-script"),
        words = script_words(),
        caption = t!("gallery-caption"),
    );
    for column in [
        t!("gallery-column-number"),
        t!("gallery-column-row"),
        t!("gallery-column-recipient"),
        t!("gallery-column-subject"),
        t!("gallery-column-attachments"),
        t!("gallery-column-size"),
        t!("gallery-column-check"),
        t!("gallery-column-message"),
    ] {
        let _ = write!(page, "<th scope=\"col\">{column}</th>");
    }
    page
}

/// The words `gallery.js` writes, as `data-` attributes of the list: one translation, the
/// page's. `{count}`, `{first}`, `{last}`, `{page}`, `{pages}`, `{number}` stand for the
/// figures the script puts in; a plural is given for one and for more.
fn script_words() -> String {
    let lang = crate::i18n::lang();
    let (units, decimal, group) = match lang {
        crate::i18n::Lang::Fr => ("o ko Mo Go", ",", "\u{202f}"),
        crate::i18n::Lang::En => ("B kB MB GB", ".", ","),
    };
    let found = |all: bool, count: usize| {
        let (count, shown, first, last) = (count, "{count}", "{first}", "{last}");
        if all {
            t!(
                "gallery-found-all",
                count = count,
                shown = shown,
                first = first,
                last = last
            )
        } else {
            t!(
                "gallery-found-some",
                count = count,
                shown = shown,
                first = first,
                last = last
            )
        }
    };
    let words = [
        ("units", units.to_string()),
        ("decimal", decimal.to_string()),
        ("group", group.to_string()),
        ("row-word", t!("gallery-row-word")),
        ("view", t!("gallery-view")),
        ("view-label", t!("gallery-view-label", number = "{number}")),
        ("eml-label", t!("gallery-eml-label", number = "{number}")),
        (
            "position",
            t!("gallery-page-position", page = "{page}", pages = "{pages}"),
        ),
        ("none", t!("gallery-found-none")),
        ("all-one", found(true, 1)),
        ("all-other", found(true, 2)),
        ("some-one", found(false, 1)),
        ("some-other", found(false, 2)),
    ];
    words.iter().fold(String::new(), |mut out, (name, text)| {
        let _ = write!(out, " data-{name}=\"{}\"", escape(text));
        out
    })
}

/// A row as the script writes it, for a browser without JavaScript.
fn static_row(row: &GalleryRow) -> String {
    let class = match (row.warnings.is_empty(), row.number) {
        (true, _) => "",
        (false, Some(_)) => " class=\"averti\"",
        (false, None) => " class=\"ignoree\"",
    };
    let name = if row.name.is_empty() {
        String::new()
    } else {
        format!("<span class=\"nom\">{}</span><br>", escape(&row.name))
    };
    let attachments = row
        .attachments
        .iter()
        .map(|(file, size)| format!("{} ({})", escape(file), html::size(*size)))
        .collect::<Vec<_>>()
        .join("<br>");
    let warnings = if row.warnings.is_empty() {
        String::new()
    } else {
        let items = row.warnings.iter().fold(String::new(), |mut items, w| {
            let _ = write!(items, "<li>{}</li>", escape(w));
            items
        });
        format!("<ul>{items}</ul>")
    };
    let (number, size, links) = match row.number {
        Some(n) => {
            let eml = if row.eml {
                format!(
                    " · <a href=\"messages/{n:05}.eml\" aria-label=\"{}\">.eml</a>",
                    escape(&t!("gallery-eml-label", number = n.to_string()))
                )
            } else {
                String::new()
            };
            (
                n.to_string(),
                html::size(row.size),
                format!(
                    "<a href=\"messages/{n:05}.html\" aria-label=\"{}\">{}</a>{eml}",
                    escape(&t!("gallery-view-label", number = n.to_string())),
                    t!("gallery-view"),
                ),
            )
        }
        None => ("—".into(), "—".into(), String::new()),
    };
    format!(
        "<tr{class}><td class=\"num\">{number}</td><td class=\"num\">{line}</td><td>{name}<span class=\"adresse\">{address}</span></td>\
         <td>{subject}</td><td>{attachments}</td><td class=\"num\">{size}</td><td class=\"avertissements\">{warnings}</td>\
         <td class=\"liens\">{links}</td></tr>\n",
        line = row.line,
        address = escape(&row.address),
        subject = escape(&row.subject),
    )
}
