//! `index.html`: the list of every message, for a reviewer's browser (no server, no script
//! needed to read it).

use std::io::{self, Write};

use super::ManifestEntry;
use crate::pipeline::Size;

pub const FILE: &str = "index.html";

/// Writes the page row by row, so it never holds the whole list.
pub struct Gallery<W: Write> {
    out: W,
}

impl<W: Write> Gallery<W> {
    pub fn start(mut out: W, campaign: &str) -> io::Result<Self> {
        let campaign = escape(campaign);
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>Aperçu — {campaign}</title>\n<style>\n\
             body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #1a1a1a; }}\n\
             table {{ border-collapse: collapse; width: 100%; }}\n\
             th, td {{ text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ccc; vertical-align: top; }}\n\
             th {{ background: #1f3a60; color: #fff; }}\n\
             td.num {{ text-align: right; white-space: nowrap; }}\n\
             </style>\n</head>\n<body>\n<main>\n\
             <h1>Aperçu avant envoi — {campaign}</h1>\n\
             <p>Chaque ligne est un message tel qu’il partira. Ouvrez le fichier <code>.eml</code> dans votre messagerie pour le voir en entier.</p>\n\
             <table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Ligne</th><th scope=\"col\">Destinataire</th>\
             <th scope=\"col\">Objet</th><th scope=\"col\">Pièces jointes</th><th scope=\"col\">Taille</th><th scope=\"col\">Message</th></tr></thead>\n<tbody>\n"
        )?;
        Ok(Self { out })
    }

    pub fn row(&mut self, entry: &ManifestEntry) -> io::Result<()> {
        let number = entry
            .file
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .split('-')
            .next()
            .unwrap_or_default();
        let attachments = entry
            .attachments
            .iter()
            .map(|(name, size)| format!("{} ({})", escape(name), Size(*size)))
            .collect::<Vec<_>>()
            .join("<br>");
        writeln!(
            self.out,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td><a href=\"{}\">.eml</a></td></tr>",
            escape(number.trim_start_matches('0')),
            escape(&entry.row),
            escape(&entry.to),
            escape(&entry.subject),
            attachments,
            Size(entry.size),
            escape(&entry.file),
        )
    }

    pub fn finish(mut self, count: usize) -> io::Result<W> {
        write!(
            self.out,
            "</tbody>\n</table>\n<p>{count} message(s).</p>\n</main>\n</body>\n</html>\n"
        )?;
        Ok(self.out)
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}
