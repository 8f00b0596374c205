//! The template's body: the head's note, the forwarded block, then the original content.
//!
//! The original is text the template must reproduce, never template code: every `{{`, `{%`
//! and `{#` in it is written as a Tera expression printing it (`{{ "{{" }}`), so a circular
//! quoting `{{ prenom }}` reaches the staff as written. In HTML, the images shown by
//! Content-ID (`src="cid:image001.png@01D7…"`) point to their extracted files again, which
//! compose embeds; a `<meta charset>` is made to say UTF-8, what the template is written in.

use super::files::Extracted;
use super::french::FORWARDED_LINE;

/// What goes above the original: the note and the forwarded block.
pub(super) struct Intro {
    /// The sentence of the note the head is expected to rewrite.
    pub note: String,
    /// Label and value of each line of the forwarded block.
    pub forwarded: Vec<(&'static str, String)>,
}

/// The Tera comment above the note's sentence: shown to the head, never sent.
const EDIT_MARK: &str =
    "{# ✎ VOTRE MOT : réécrivez la phrase ci-dessous (ce commentaire n'est pas envoyé) -#}";

/// The body of a `text/html` template.
pub(super) fn html_template(html: &str, extracted: &Extracted, intro: &Intro) -> String {
    let rewritten = with_utf8_meta(&with_image_files(html, extracted));
    let (head, rest) = rewritten.split_at(body_start(&rewritten));
    let block = lines(&intro.forwarded, |label, value| {
        format!(
            "<b>{label} :</b> {}<br>\n",
            escape_tera(&escape_html(value))
        )
    });
    format!(
        "{}\n<div>\n<p>Bonjour {{{{ prenom }}}},</p>\n{EDIT_MARK}\n<p>{}</p>\n</div>\n<div>\n<p>{FORWARDED_LINE}<br>\n{block}</p>\n<br>\n</div>\n{}",
        escape_tera(head),
        escape_tera(&escape_html(&intro.note)),
        escape_tera(rest)
    )
}

/// The body of a `text/plain` template.
pub(super) fn text_template(text: &str, intro: &Intro) -> String {
    let block = lines(&intro.forwarded, |label, value| {
        format!("{label} : {}\n", escape_tera(value))
    });
    let text = text.replace("\r\n", "\n");
    format!(
        "Bonjour {{{{ prenom }}}},\n\n{EDIT_MARK}\n{}\n\n{FORWARDED_LINE}\n{block}\n{}\n",
        escape_tera(&intro.note),
        escape_tera(text.trim_end())
    )
}

/// The forwarded block's lines, each written by `line`.
fn lines(forwarded: &[(&str, String)], line: impl Fn(&str, &str) -> String) -> String {
    let mut block = String::new();
    for (label, value) in forwarded {
        block.push_str(&line(label, value));
    }
    block
}

/// Text Tera prints as it is: each `{{`, `{%`, `{#` (and a `{` ending the text, which could
/// meet a `{` after it) becomes an expression printing it.
pub(super) fn escape_tera(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '{' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some(&next @ ('{' | '%' | '#')) => {
                chars.next();
                out.push_str("{{ \"{");
                out.push(next);
                out.push_str("\" }}");
            }
            None => out.push_str("{{ \"{\" }}"),
            Some(_) => out.push('{'),
        }
    }
    out
}

/// Text shown as it is in HTML.
pub(super) fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The Content-IDs the HTML shows in `src` attributes (`cid:` URLs, percent-decoded).
pub(super) fn shown_content_ids(html: &str) -> Vec<String> {
    src_attributes(html)
        .into_iter()
        .filter_map(|a| content_id(&a.value))
        .collect()
}

/// Each `src="cid:…"` of an extracted image becomes `src="<file name>"`, double-quoted as
/// compose looks for it.
fn with_image_files(html: &str, extracted: &Extracted) -> String {
    let mut out = String::with_capacity(html.len());
    let mut done = 0;
    for attribute in src_attributes(html) {
        let Some(name) = content_id(&attribute.value).and_then(|id| extracted.name_of(&id)) else {
            continue;
        };
        out.push_str(&html[done..attribute.start]);
        out.push_str("src=\"");
        out.push_str(&name.replace(' ', "%20"));
        out.push('"');
        done = attribute.end;
    }
    out.push_str(&html[done..]);
    out
}

/// The Content-ID a `cid:` URL names (RFC 2392: percent-encoded).
fn content_id(url: &str) -> Option<String> {
    let rest = url.trim();
    let id = rest
        .get(..4)
        .filter(|scheme| scheme.eq_ignore_ascii_case("cid:"))
        .map(|_| &rest[4..])?;
    Some(
        percent_encoding::percent_decode_str(id)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// One `src=` attribute: its byte span in the HTML and its value.
struct SrcAttribute {
    start: usize,
    end: usize,
    value: String,
}

/// Every `src` attribute (any case, quoted with `"` or `'`, or not quoted).
fn src_attributes(html: &str) -> Vec<SrcAttribute> {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = lower[from..].find("src") {
        let start = from + offset;
        from = start + 3;
        if start == 0 || !bytes[start - 1].is_ascii_whitespace() {
            continue;
        }
        let mut at = from;
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        if bytes.get(at) != Some(&b'=') {
            continue;
        }
        at += 1;
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let (value_start, value_end, end) = if let Some(&quote @ (b'"' | b'\'')) = bytes.get(at) {
            let Some(close) = lower[at + 1..].find(char::from(quote)) else {
                break;
            };
            (at + 1, at + 1 + close, at + 2 + close)
        } else {
            let len = lower[at..]
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .unwrap_or(lower.len() - at);
            (at, at + len, at + len)
        };
        found.push(SrcAttribute {
            start,
            end,
            value: html[value_start..value_end].to_string(),
        });
        from = end;
    }
    found
}

/// `<meta charset="iso-8859-1">` or `<meta http-equiv=… content="text/html; charset=…">`
/// say UTF-8: the template is UTF-8, and a client honouring the old charset would garble it.
fn with_utf8_meta(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut done = 0;
    let mut from = 0;
    while let Some(offset) = lower[from..].find("<meta") {
        let tag_start = from + offset;
        let tag_end = lower[tag_start..]
            .find('>')
            .map_or(lower.len(), |e| tag_start + e);
        from = tag_end;
        let Some(charset) = lower[tag_start..tag_end].find("charset=") else {
            continue;
        };
        let value_start = tag_start + charset + "charset=".len();
        let value_start = value_start
            + usize::from(matches!(
                lower.as_bytes().get(value_start),
                Some(b'"' | b'\'')
            ));
        let value_len = lower[value_start..tag_end]
            .find(['"', '\'', ';', '/', ' ', '>'])
            .unwrap_or(tag_end - value_start);
        out.push_str(&html[done..value_start]);
        out.push_str("utf-8");
        done = value_start + value_len;
    }
    out.push_str(&html[done..]);
    out
}

/// Where the note goes: just after the `<body …>` tag, or at the start when there is none.
fn body_start(html: &str) -> usize {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(offset) = lower[from..].find("<body") {
        let at = from + offset + "<body".len();
        match lower.as_bytes().get(at) {
            Some(b'>') => return at + 1,
            Some(c) if c.is_ascii_whitespace() => {
                return lower[at..].find('>').map_or(0, |end| at + end + 1);
            }
            _ => from = at,
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intro() -> Intro {
        Intro {
            note: "Je vous transmets le message de l'IEN.".into(),
            forwarded: vec![
                ("De", "IEN <ien@ac-lille.fr>".into()),
                ("Objet", "{{ x }}".into()),
            ],
        }
    }

    #[test]
    fn tera_delimiters_of_the_original_are_printed_as_written() {
        assert_eq!(
            escape_tera("a {{ b }} {% c %} {# d #} { e }"),
            "a {{ \"{{\" }} b }} {{ \"{%\" }} c %} {{ \"{#\" }} d #} { e }"
        );
        assert_eq!(escape_tera("{{{"), "{{ \"{{\" }}{{ \"{\" }}");
        let mut tera = tera::Tera::new();
        let original = "Tapez {{ identifiant }} puis {%raw%} {# ou {{{ #} fin {";
        tera.add_raw_template("t", &escape_tera(original))
            .expect("compiles");
        let rendered = tera.render("t", &tera::Context::new()).expect("renders");
        assert_eq!(rendered, original);
    }

    #[test]
    fn images_shown_by_content_id_point_to_their_files() {
        let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head>\
            <body lang=FR><img SRC='cid:image001.png@01D7'> <img src=cid:logo%40x> <img src=\"cid:inconnu\"> \
            <img data-src=\"cid:image001.png@01D7\" src=\"https://x.fr/a.png\"></body></html>";
        assert_eq!(
            shown_content_ids(html),
            ["image001.png@01D7", "logo@x", "inconnu"]
        );
        let extracted = Extracted {
            by_content_id: vec![
                ("image001.png@01d7".into(), "infographie rentrée.png".into()),
                ("logo@x".into(), "logo.gif".into()),
            ],
            ..Extracted::default()
        };
        let template = html_template(html, &extracted, &intro());
        assert!(template.contains("<img src=\"infographie%20rentrée.png\"> <img src=\"logo.gif\"> <img src=\"cid:inconnu\">"), "{template}");
        assert!(
            template.contains("data-src=\"cid:image001.png@01D7\""),
            "{template}"
        );
        assert!(template.contains("charset=utf-8\""), "{template}");
        let note = template.find("Bonjour {{ prenom }},").expect("note");
        assert!(template.find("<body lang=FR>").expect("body") < note);
        assert!(
            template.contains("<b>De :</b> IEN &lt;ien@ac-lille.fr&gt;<br>"),
            "{template}"
        );
        assert!(
            template.contains("<b>Objet :</b> {{ \"{{\" }} x }}<br>"),
            "{template}"
        );
        assert!(template.contains("l'IEN"), "{template}");
    }

    #[test]
    fn a_fragment_without_body_gets_the_note_first() {
        let template = html_template("<p>Circulaire</p>", &Extracted::default(), &intro());
        assert!(
            template.starts_with("\n<div>\n<p>Bonjour {{ prenom }},</p>"),
            "{template}"
        );
        assert!(template.ends_with("<p>Circulaire</p>"), "{template}");
    }

    #[test]
    fn a_text_body_has_the_note_then_the_block_then_the_original() {
        let template = text_template("Bonjour à tous,\r\nTexte {{ x }}.\r\n\r\n", &intro());
        assert_eq!(
            template,
            format!(
                "Bonjour {{{{ prenom }}}},\n\n{EDIT_MARK}\nJe vous transmets le message de l'IEN.\n\n\
                {FORWARDED_LINE}\nDe : IEN <ien@ac-lille.fr>\nObjet : {{{{ \"{{{{\" }}}} x }}}}\n\n\
                Bonjour à tous,\nTexte {{{{ \"{{{{\" }}}} x }}}}.\n"
            )
        );
        let mut tera = tera::Tera::new();
        tera.add_raw_template("t", &template).expect("compiles");
        let mut context = tera::Context::new();
        context.insert("prenom", "Aurélie");
        let rendered = tera.render("t", &context).expect("renders");
        assert!(
            rendered.starts_with("Bonjour Aurélie,\n\nJe vous transmets le message de l'IEN.\n\n"),
            "the comment leaves no line behind: {rendered}"
        );
        assert!(
            rendered.ends_with("Objet : {{ x }}\n\nBonjour à tous,\nTexte {{ x }}.\n"),
            "{rendered}"
        );
    }
}
