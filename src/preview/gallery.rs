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
        let campaign = escape(info.campaign);
        let mut page =
            html::page_start(&format!("Aperçu avant envoi — {}", info.campaign), "", true);
        let _ = write!(
            page,
            "<body>\n<a class=\"skip\" href=\"#liste\">Aller à la liste des messages</a>\n<main>\n\
             <h1>Aperçu avant envoi — {campaign}</h1>\n\
             <p>Chaque ligne est un message tel qu’il partira, construit à partir de la liste <code>{list}</code>. \
             Ouvrez un message pour voir ses en-têtes, sa version HTML, sa version texte et ses pièces jointes.</p>\n\
             <ul class=\"summary\">\n<li><strong>{messages}</strong> message(s)</li>\n\
             <li><strong>{bytes}</strong> en tout</li>\n\
             <li><strong>{warned}</strong> ligne(s) avec un point à vérifier</li>\n\
             <li><strong>{skipped}</strong> ligne(s) sans envoi</li>\n\
             <li><strong>{files}</strong> fichier(s) joint(s) distinct(s)</li>\n</ul>\n\
             <p class=\"note\">Aperçu du {generated}, version du modèle <code>{revision}</code>. {eml_rule}</p>\n",
            list = escape(info.list),
            messages = self.messages,
            bytes = html::size(self.bytes),
            warned = self.warned,
            skipped = self.skipped,
            files = info.files,
            generated = escape(info.generated),
            revision = escape(info.revision.get(..12).unwrap_or(info.revision)),
            eml_rule = escape(info.eml_rule),
        );
        if let Some(filter) = info.filter {
            let _ = writeln!(
                page,
                "<p class=\"filtre\">Filtre <code>--where {}</code> : seules les lignes qui y répondent sont ici \
                 ({} sur {} ; les {} autres ne recevront rien).</p>",
                escape(&filter.expression),
                filter.matched,
                filter.matched + filter.left_out,
                filter.left_out,
            );
        }
        page.push_str(
            "<form id=\"recherche\" role=\"search\" hidden>\n\
             <div><label for=\"q\">Rechercher (nom, adresse, objet, ligne, avertissement)</label>\n\
             <input type=\"search\" id=\"q\" name=\"q\" autocomplete=\"off\" aria-describedby=\"aide-recherche\"></div>\n\
             <div><label for=\"filtre\">Afficher</label>\n<select id=\"filtre\" name=\"f\">\n\
             <option value=\"\">toutes les lignes</option>\n\
             <option value=\"avertissements\">les lignes avec un point à vérifier</option>\n\
             <option value=\"ignorees\">les lignes sans envoi</option>\n</select></div>\n\
             <button type=\"submit\">Rechercher</button>\n\
             <p id=\"aide-recherche\" class=\"note\">Accents et majuscules ignorés ; touche / pour venir ici.</p>\n\
             </form>\n\
             <p id=\"sans-script\" class=\"note\">Sans JavaScript, seules les 50 premières lignes sont listées ici ; \
             chaque page de message mène à la suivante.</p>\n\
             <p id=\"etat\" role=\"status\" aria-live=\"polite\"></p>\n\
             <table id=\"liste\">\n<caption>Messages, dans l’ordre de la liste</caption>\n<thead><tr>\
             <th scope=\"col\">N°</th><th scope=\"col\">Ligne</th><th scope=\"col\">Destinataire</th>\
             <th scope=\"col\">Objet</th><th scope=\"col\">Pièces jointes</th><th scope=\"col\">Taille</th>\
             <th scope=\"col\">À vérifier</th><th scope=\"col\">Message</th></tr></thead>\n<tbody id=\"lignes\">\n",
        );
        for row in &self.first_page {
            page.push_str(&static_row(row));
        }
        let _ = write!(
            page,
            "</tbody>\n</table>\n<nav id=\"pages\" class=\"pages\" aria-label=\"Pages de la liste\" hidden>\n\
             <button type=\"button\" id=\"precedente\">← Page précédente</button>\n\
             <span id=\"position\">Page 1 sur {}</span>\n\
             <button type=\"button\" id=\"suivante\">Page suivante →</button>\n</nav>\n</main>\n",
            self.count.div_ceil(PAGE).max(1)
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
                    " · <a href=\"messages/{n:05}.eml\" aria-label=\"fichier .eml du message n° {n}\">.eml</a>"
                )
            } else {
                String::new()
            };
            (
                n.to_string(),
                html::size(row.size),
                format!(
                    "<a href=\"messages/{n:05}.html\" aria-label=\"voir le message n° {n}\">voir</a>{eml}"
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
