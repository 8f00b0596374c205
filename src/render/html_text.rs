//! The text/plain alternative of an HTML body (a `text/html` template, a relayed circular),
//! derived with `html2text` from the HTML rendered for each recipient.
//!
//! `html2text`'s own plain style reads like Markdown (`**bold**`, `# Title`, `[1]` footnotes);
//! the decorator here writes none of that: emphasis is dropped, a link reads "text `<url>`",
//! an image "[image: alt]". Scripts, styles and the head never reach the text.

use std::cell::RefCell;
use std::rc::Rc;

use html2text::render::{TaggedLine, TextDecorator};

use super::markdown_text::{MIN_WIDTH, WIDTH, wrap};

/// The width html2text lays the text out in: wide enough that it never wraps, since it
/// cuts a word longer than the line (a URL) in two. Lines are wrapped here instead.
const LAYOUT_WIDTH: usize = 10_000;

/// The text of an HTML document, wrapped at [`WIDTH`] columns as the text written from
/// Markdown.
pub(super) fn write(html: &str) -> String {
    let shared = Rc::new(RefCell::new(Links::default()));
    let decorator = Plain {
        links: Rc::clone(&shared),
    };
    let text = html2text::config::with_decorator(decorator)
        .link_footnotes(false)
        .no_table_borders()
        .no_link_wrapping()
        .string_from_read(html.as_bytes(), LAYOUT_WIDTH)
        // A document html2text cannot read (it reads any HTML a browser does): no text
        // rather than no message; `check` says when an HTML body has no usable text.
        .unwrap_or_default();
    let text = shared.borrow().once(&text);
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    for line in lines {
        // Nested blocks each leave a blank line: one is enough between paragraphs.
        if line.is_empty() && (out.is_empty() || out.ends_with("\n\n")) {
            continue;
        }
        rewrap(line, &mut out);
    }
    out
}

/// Wraps one line of html2text's layout between words, its list marker or quote prefix
/// kept on the first line and its indent (with the quote's `>`) on the others.
fn rewrap(line: &str, out: &mut String) {
    if line.chars().count() <= WIDTH {
        out.push_str(line);
        out.push('\n');
        return;
    }
    let prefix_len = prefix_len(line);
    let (prefix, rest) = line.split_at(prefix_len);
    let hanging: String = prefix
        .chars()
        .map(|c| if c == '>' { '>' } else { ' ' })
        .collect();
    let width = WIDTH.saturating_sub(prefix.chars().count()).max(MIN_WIDTH);
    let mut first = true;
    wrap(rest, width, |wrapped| {
        out.push_str(if first { prefix } else { &hanging });
        out.push_str(wrapped);
        out.push('\n');
        first = false;
    });
}

/// The length of a line's leading indent, quote marks and list markers (`> `, `- `, `12. `).
fn prefix_len(line: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &line[at..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if rest.starts_with(' ') {
            at += 1;
        } else if rest.starts_with("> ") || rest.starts_with("- ") {
            at += 2;
        } else if digits > 0 && rest[digits..].starts_with(". ") {
            at += digits + 2;
        } else {
            return at;
        }
    }
}

/// The links being written, and every link's URL, shared by the decorators html2text makes
/// for table cells and list items.
#[derive(Default)]
struct Links {
    open: Vec<String>,
    seen: Vec<String>,
}

impl Links {
    /// A link whose text is its URL shows the URL once: "url `<url>`" becomes "url".
    fn once(&self, text: &str) -> String {
        let mut text = text.to_string();
        for url in &self.seen {
            for gap in [" ", "\n"] {
                text = text.replace(&format!("{url}{gap}<{url}>"), url);
            }
        }
        text
    }
}

#[derive(Clone)]
struct Plain {
    links: Rc<RefCell<Links>>,
}

impl TextDecorator for Plain {
    type Annotation = ();

    fn decorate_link_start(&mut self, url: &str) -> (String, ()) {
        let url = url
            .strip_prefix("mailto:")
            .unwrap_or(url)
            .trim()
            .to_string();
        let mut links = self.links.borrow_mut();
        // A link within the document (`#top`) or to a script has nothing to show in text.
        let shown = !(url.is_empty() || url.starts_with('#') || url.starts_with("javascript:"));
        if shown && !links.seen.contains(&url) {
            links.seen.push(url.clone());
        }
        links.open.push(if shown { url } else { String::new() });
        (String::new(), ())
    }

    fn decorate_link_end(&mut self) -> String {
        match self.links.borrow_mut().open.pop() {
            Some(url) if !url.is_empty() => format!(" <{url}>"),
            _ => String::new(),
        }
    }

    fn decorate_em_start(&self) -> (String, ()) {
        (String::new(), ())
    }

    fn decorate_em_end(&self) -> String {
        String::new()
    }

    fn decorate_strong_start(&self) -> (String, ()) {
        (String::new(), ())
    }

    fn decorate_strong_end(&self) -> String {
        String::new()
    }

    fn decorate_strikeout_start(&self) -> (String, ()) {
        (String::new(), ())
    }

    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }

    fn decorate_code_start(&self) -> (String, ()) {
        (String::new(), ())
    }

    fn decorate_code_end(&self) -> String {
        String::new()
    }

    fn decorate_preformat_first(&self) {}

    fn decorate_preformat_cont(&self) {}

    fn decorate_image(&mut self, _src: &str, title: &str) -> (String, ()) {
        let alt = title.split_whitespace().collect::<Vec<_>>().join(" ");
        (format!("[image: {alt}]"), ())
    }

    fn header_prefix(&self, _level: usize) -> String {
        String::new()
    }

    fn quote_prefix(&self) -> String {
        "> ".into()
    }

    fn unordered_item_prefix(&self) -> String {
        "- ".into()
    }

    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("{i}. ")
    }

    fn make_subblock_decorator(&self) -> Self {
        self.clone()
    }

    fn decorate_superscript_start(&self) -> (String, ()) {
        (String::new(), ())
    }

    fn decorate_superscript_end(&self) -> String {
        String::new()
    }

    fn finalise(&mut self, _urls: Vec<String>) -> Vec<TaggedLine<()>> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CIRCULAR: &str = "<!DOCTYPE html><html><head><title>Titre caché</title>\
        <style>p { color: red; }</style><script>alert('x');</script></head><body>\
        <h1>Rentrée numérique</h1>\
        <p>Madame la directrice, la rentrée a lieu le <strong>lundi 26 avril</strong>, \
        <em>sans faute</em>.</p>\
        <ul><li>Créer les comptes sur <a href=\"https://ecole.cned.fr\">le site du CNED</a></li>\
        <li>Écrire à <a href=\"mailto:ien@ac-lille.fr\">ien@ac-lille.fr</a></li>\
        <li>Voir <a href=\"https://dane.ac-lille.fr/\">https://dane.ac-lille.fr/</a></li></ul>\
        <ol><li>un</li><li>deux</li></ol>\
        <p><img src=\"cid:infographie\" alt=\"Infographie : les bons réflexes\"> \
        <img src=\"espace.gif\" alt=\"\"></p>\
        <blockquote><p>Citation</p></blockquote>\
        <p>R&amp;D &lt;Lille&gt; &eacute;t&eacute;<sup>2</sup></p>\
        </body></html>";

    #[test]
    fn an_html_body_becomes_text_without_markup() {
        let text = write(CIRCULAR);
        for absent in [
            "<",
            "**",
            "#",
            "*",
            "[1]",
            "](",
            "Titre caché",
            "color",
            "alert",
        ] {
            let stripped = text
                .replace(" <https://ecole.cned.fr>", "")
                .replace("<Lille>", "");
            assert!(!stripped.contains(absent), "`{absent}` in:\n{text}");
        }
        for present in [
            "Rentrée numérique",
            "la rentrée a lieu le lundi 26 avril, sans faute.",
            "- Créer les comptes sur le site du CNED <https://ecole.cned.fr>",
            "- Écrire à ien@ac-lille.fr\n",
            "- Voir https://dane.ac-lille.fr/\n",
            "1. un\n2. deux",
            "[image: Infographie : les bons réflexes]",
            "> Citation",
            "R&D <Lille> été²",
        ] {
            assert!(text.contains(present), "`{present}` missing from:\n{text}");
        }
        assert!(!text.contains("[image: ]"), "{text}");
    }

    #[test]
    fn nested_blocks_leave_one_blank_line() {
        let text =
            write("<div><p>Un</p></div><div><div><p>Deux</p></div></div><p></p><br><p>Trois</p>");
        assert_eq!(text, "Un\n\nDeux\n\nTrois\n");
    }

    #[test]
    fn list_items_and_quotes_wrap_with_their_indent() {
        let long = "mot ".repeat(30);
        let text = write(&format!(
            "<ul><li>{long}</li></ul><blockquote>{long}</blockquote>"
        ));
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("- mot") && lines[1].starts_with("  mot"),
            "{text}"
        );
        let quoted: Vec<&&str> = lines.iter().filter(|l| l.starts_with('>')).collect();
        assert!(quoted.len() >= 2, "{text}");
        assert!(quoted.iter().all(|l| l.starts_with("> mot")), "{text}");
    }

    #[test]
    fn long_paragraphs_wrap_and_urls_stay_whole() {
        let url = "https://www.education.gouv.fr/une-adresse-tres-longue-qui-depasse-la-ligne-de-soixante-douze-colonnes";
        let text = write(&format!(
            "<p>{} <a href=\"{url}\">voir</a></p>",
            "mot ".repeat(40)
        ));
        assert!(text.lines().count() > 1, "{text}");
        assert!(text.contains(url), "{text}");
        for line in text.lines().filter(|l| !l.contains(url)) {
            assert!(line.chars().count() <= WIDTH, "{line}");
        }
    }
}
