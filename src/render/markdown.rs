//! Markdown bodies: the HTML alternative of a `text/markdown` template.

use pulldown_cmark::{Event, Options, Parser, html};

/// Renders `CommonMark` (with tables and strikethrough) to an HTML document. With
/// `hard_breaks`, every line break of the source is one in the HTML, as the Python
/// `mailmerge` tool renders its templates (Python-Markdown's `nl2br`).
pub(super) fn to_html(markdown: &str, hard_breaks: bool) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut body = String::with_capacity(markdown.len() * 3 / 2);
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::SoftBreak if hard_breaks => Event::HardBreak,
        other => other,
    });
    html::push_html(&mut body, events);
    format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

/// Escapes a value from the data before it is read as Markdown, so that `R&D <Lille>` shows
/// as written instead of becoming a tag. Only what Markdown would turn into HTML is escaped:
/// `<` always, `&` when it would start an entity. Other Markdown punctuation is left alone,
/// because escaping it would break links (`https://x.fr/a_b`).
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

    #[test]
    fn data_cannot_become_html() {
        assert_eq!(escaped("R&D <Lille>"), "R&D &lt;Lille>");
        assert_eq!(escaped("&amp; &#39;"), "&amp;amp; &amp;#39;");
        let html = to_html(&format!("École {}", escaped("<b>Jean</b> & Cie")), false);
        assert!(
            html.contains("École &lt;b&gt;Jean&lt;/b&gt; &amp; Cie"),
            "{html}"
        );
    }

    #[test]
    fn mailmerge_templates_keep_their_line_breaks() {
        assert!(to_html("Bonjour,\nà demain", true).contains("Bonjour,<br />\nà demain"));
        assert!(to_html("Bonjour,\nà demain", false).contains("Bonjour,\nà demain"));
    }
}
