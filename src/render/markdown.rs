//! Markdown bodies: an HTML document and its text alternative, both written from one parse.

use std::fmt::Write as _;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

use super::markdown_text;
use crate::preview::html::escape_into;

/// What the HTML document around a Markdown body says of the message.
pub(super) struct Shell<'a> {
    /// The campaign's language (`lang` in campaign.toml): screen readers and hyphenation
    /// read the text in it.
    pub lang: &'a str,
    /// The message's subject, as rendered for this recipient: the title a browser or a
    /// client's "open in a window" shows.
    pub title: &'a str,
}

/// Readable on a phone and on a desktop; a single column that Outlook's Word engine lays out
/// as well (it ignores `max-width` on the body, and the text then fills the window).
const STYLE: &str = "body { margin: 0 auto; padding: 16px; max-width: 42em; \
font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1e1e1e; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; }
th, td { border: 1px solid #b0b0b0; padding: 4px 8px; text-align: left; }
blockquote { margin: 0 0 0 8px; padding-left: 12px; border-left: 3px solid #b0b0b0; }
pre { white-space: pre-wrap; }
";

/// Outlook on the desktop drops most of `<style>`: each image carries its own scaling.
const IMAGE_STYLE: &str = "max-width: 100%; height: auto;";

/// Renders `CommonMark` (with tables and strikethrough) to an HTML document and to its text
/// alternative, from one parse. With `hard_breaks`, every line break of the source is one in
/// both, as the Python `mailmerge` tool renders its templates (Python-Markdown's `nl2br`).
pub(super) fn render(markdown: &str, hard_breaks: bool, shell: &Shell<'_>) -> (String, String) {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut text = markdown_text::Writer::default();
    // Each event goes to the text writer, then to the HTML writer: no copy of the events.
    let events = Parser::new_ext(markdown, options).map(|event| {
        let event = match event {
            Event::SoftBreak if hard_breaks => Event::HardBreak,
            other => other,
        };
        text.event(&event);
        event
    });
    let html = to_html(events, shell, markdown.len());
    (html, text.finish())
}

fn to_html<'a>(
    events: impl Iterator<Item = Event<'a>>,
    shell: &Shell<'_>,
    source_len: usize,
) -> String {
    let mut html = String::with_capacity(source_len * 3 / 2 + STYLE.len() + 256);
    html.push_str("<!DOCTYPE html>\n<html lang=\"");
    escape_into(&mut html, shell.lang);
    html.push_str(
        "\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
    );
    escape_into(&mut html, shell.title);
    html.push_str("</title>\n<style>\n");
    html.push_str(STYLE);
    html.push_str("</style>\n</head>\n<body>\n");
    html::push_html(&mut html, WithImageStyle(events));
    html.push_str("</body>\n</html>\n");
    html
}

/// The events with each image written as an `<img>` that scales to the screen: pulldown-cmark
/// writes no `style`, so the tag is written here, its alt text gathered as pulldown-cmark
/// gathers it.
struct WithImageStyle<I>(I);

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for WithImageStyle<I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.0.next()?;
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = event
        else {
            return Some(event);
        };
        let mut alt = String::new();
        let mut depth = 0;
        for inner in self.0.by_ref() {
            match inner {
                Event::Start(_) => depth += 1,
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        let mut tag = String::from("<img src=\"");
        let href = percent_encoding::utf8_percent_encode(&dest_url, HREF);
        escape_into(&mut tag, &href.to_string());
        tag.push_str("\" alt=\"");
        escape_into(&mut tag, &alt);
        if !title.is_empty() {
            tag.push_str("\" title=\"");
            escape_into(&mut tag, &title);
        }
        let _ = write!(tag, "\" style=\"{IMAGE_STYLE}\" />");
        Some(Event::InlineHtml(tag.into()))
    }
}

/// What a URL in `src` may not hold as it is (as pulldown-cmark's own `escape_href`).
const HREF: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'\\')
    .add(b'^')
    .add(b'{')
    .add(b'}')
    .add(b'|');

/// Escapes a value from the data before it is read as Markdown, so that `R&D <Lille>` shows
/// as written instead of becoming a tag. Only what Markdown would turn into HTML is escaped:
/// `<` always, `&` when it would start an entity. Other Markdown punctuation is left alone,
/// because escaping it would break links (`https://x.fr/a_b`). Markdown decodes these
/// entities again, so the text alternative shows the value as written.
pub(super) fn escape_for_html(value: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut rest = value;
    while let Some(index) = rest.find(['<', '&']) {
        out.write_all(&rest.as_bytes()[..index])?;
        if rest[index..].starts_with('<') {
            out.write_all(b"&lt;")?;
        } else if starts_entity(&rest[index + 1..]) {
            out.write_all(b"&amp;")?;
        } else {
            out.write_all(b"&")?;
        }
        rest = &rest[index + 1..];
    }
    out.write_all(rest.as_bytes())
}

fn starts_entity(after_ampersand: &str) -> bool {
    let name_len = after_ampersand
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .unwrap_or(after_ampersand.len());
    name_len > 0 && after_ampersand[name_len..].starts_with(';')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(value: &str) -> String {
        let mut out = Vec::new();
        escape_for_html(value, &mut out).expect("write to vec");
        String::from_utf8(out).expect("utf-8")
    }

    fn html(markdown: &str, hard_breaks: bool) -> String {
        let shell = Shell {
            lang: "fr",
            title: "Objet",
        };
        render(markdown, hard_breaks, &shell).0
    }

    #[test]
    fn data_cannot_become_html() {
        assert_eq!(escaped("R&D <Lille>"), "R&D &lt;Lille>");
        assert_eq!(escaped("&amp; &#39;"), "&amp;amp; &amp;#39;");
        let (html, text) = render(
            &format!("École {}", escaped("<b>Jean</b> & Cie &amp;")),
            false,
            &Shell {
                lang: "fr",
                title: "x",
            },
        );
        assert!(
            html.contains("École &lt;b&gt;Jean&lt;/b&gt; &amp; Cie &amp;amp;"),
            "{html}"
        );
        assert_eq!(text, "École <b>Jean</b> & Cie &amp;\n");
    }

    #[test]
    fn mailmerge_templates_keep_their_line_breaks() {
        assert!(html("Bonjour,\nà demain", true).contains("Bonjour,<br />\nà demain"));
        assert!(html("Bonjour,\nà demain", false).contains("Bonjour,\nà demain"));
        let shell = Shell {
            lang: "fr",
            title: "x",
        };
        assert_eq!(
            render("Bonjour,\nà demain", true, &shell).1,
            "Bonjour,\nà demain\n"
        );
        assert_eq!(
            render("Bonjour,\nà demain", false, &shell).1,
            "Bonjour, à demain\n"
        );
    }

    #[test]
    fn the_shell_has_the_language_the_title_and_scales_images() {
        let shell = Shell {
            lang: "fr",
            title: "Rentrée <numérique> & \"CNED\"",
        };
        let (html, _) = render(
            "![Infographie « rentrée »](<info graphie.png> \"Titre\")",
            false,
            &shell,
        );
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n"),
            "{html}"
        );
        assert!(html.contains("<meta charset=\"utf-8\">"), "{html}");
        assert!(
            html.contains(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            ),
            "{html}"
        );
        assert!(
            html.contains("<title>Rentrée &lt;numérique&gt; &amp; &quot;CNED&quot;</title>"),
            "{html}"
        );
        assert!(
            html.contains("img { max-width: 100%; height: auto; }"),
            "{html}"
        );
        assert!(
            html.contains(
                "<img src=\"info%20graphie.png\" alt=\"Infographie « rentrée »\" title=\"Titre\" style=\"max-width: 100%; height: auto;\" />"
            ),
            "{html}"
        );
    }
}
