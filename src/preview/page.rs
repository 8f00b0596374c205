//! `messages/NNNNN.html`: one message as its recipient's mail client would show it, with what
//! a reviewer checks besides: every header, the envelope, the text part, the attached files.
//!
//! The HTML part is shown in an `<iframe sandbox="allow-same-origin">`: no `allow-scripts`, so
//! no script of the message (or planted in the data) runs, and no form, pop-up or navigation
//! of the page. Its own Content-Security-Policy forbids anything remote: images come from
//! `data:`, `cid:` or the preview folder itself (`files/`, where each embedded image is
//! written once). The same origin is what lets the frame show those files: browsers refuse
//! `file:` images to a frame of opaque origin, and a `data:` copy of a 200 KB infographic in
//! each of 100,000 pages would weigh 24 GB. Without scripts, the same origin grants nothing.

use std::fmt::Write as _;

use super::html::{self, NextSteps, escape};
use super::message_view::MessageView;

/// The policy inside the frame: nothing remote, no script, styles of the message itself.
pub(super) const FRAME_POLICY: &str =
    "default-src 'none'; img-src data: cid: 'self'; style-src 'unsafe-inline'; form-action 'none'";

/// Replaced by the links to the neighbouring messages once the next one is known.
pub(super) const NAVIGATION: &str = "<!--missive:navigation-->";

/// An attached file as the page shows it.
pub(super) struct ShownFile {
    pub name: String,
    pub content_type: String,
    pub size: u64,
    /// Relative to the preview folder.
    pub path: String,
    /// Shown in the HTML part (an embedded image).
    pub inline: bool,
}

/// Everything one page shows.
pub(super) struct Page<'a> {
    pub number: usize,
    pub row: &'a str,
    pub subject: &'a str,
    pub size: u64,
    pub warnings: &'a [String],
    pub view: &'a MessageView<'a>,
    /// The envelope's recipients (Bcc included), as the relay gets them.
    pub envelope: &'a [String],
    pub files: &'a [ShownFile],
    /// `(content id, path relative to the preview folder)` for the HTML part's images.
    pub images: &'a [(String, String)],
    pub eml: bool,
    pub next: &'a NextSteps,
}

/// The page, with [`NAVIGATION`] where the links to its neighbours go.
pub(super) fn render(page: &Page<'_>) -> String {
    let n = page.number;
    let number = n.to_string();
    let mut out = html::page_start(
        &t!(
            "gallery-message-title",
            number = number.as_str(),
            subject = page.subject
        ),
        "../",
        false,
    );
    let _ = write!(
        out,
        "<body>\n<a class=\"skip\" href=\"#contenu\">{skip}</a>\n<header>\n{NAVIGATION}\n</header>\n\
         <main id=\"contenu\">\n<h1>{heading}</h1>\n<p class=\"note\">{row}</p>\n",
        skip = t!("gallery-message-skip"),
        heading = escape(&t!(
            "gallery-message-heading",
            number = number.as_str(),
            subject = page.subject
        )),
        row = t!(
            "gallery-message-row",
            row = format!("<code>{}</code>", escape(page.row)),
            size = html::size(page.size)
        ),
    );
    if !page.warnings.is_empty() {
        let _ = writeln!(
            out,
            "<section class=\"warnings\" aria-labelledby=\"a-verifier\">\n<h2 id=\"a-verifier\">{}</h2>\n<ul>",
            t!("gallery-message-warnings")
        );
        for warning in page.warnings {
            let _ = writeln!(out, "<li>{}</li>", escape(warning));
        }
        out.push_str("</ul>\n</section>\n");
    }
    headers(&mut out, page);
    body_parts(&mut out, page);
    files(&mut out, page);
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"eml\">\n<h2 id=\"eml\">{}</h2>",
        t!("gallery-message-eml-heading")
    );
    if page.eml {
        let _ = writeln!(
            out,
            "<p>{}</p>",
            t!(
                "gallery-message-eml",
                link = format!("<a href=\"{n:05}.eml\">{n:05}.eml</a>")
            )
        );
    } else {
        let _ = writeln!(
            out,
            "<p>{}<br><code>{}</code></p>",
            t!("gallery-message-eml-sample"),
            escape(&page.next.one_eml(n))
        );
    }
    // The commands of the next steps are once, at the foot of the list, not in every page.
    let _ = write!(
        out,
        "</section>\n</main>\n<footer>\n<p>{}</p>\n</footer>\n",
        t!(
            "gallery-message-footer",
            link = format!(
                "<a href=\"../index.html#suite\">{}</a>",
                t!("gallery-message-footer-link")
            )
        )
    );
    out.push_str("</body>\n</html>\n");
    out
}

/// The links to the list and to the neighbouring messages.
pub(super) fn navigation(number: usize, has_next: bool) -> String {
    let mut links = format!(
        "<nav class=\"messages\" aria-label=\"{}\">\n<a href=\"../index.html\">{}</a>\n",
        t!("gallery-navigation"),
        t!("gallery-navigation-list")
    );
    if number > 1 {
        let _ = writeln!(
            links,
            "<a href=\"{:05}.html\" rel=\"prev\">{}</a>",
            number - 1,
            t!(
                "gallery-navigation-previous",
                number = (number - 1).to_string()
            )
        );
    }
    if has_next {
        let _ = writeln!(
            links,
            "<a href=\"{:05}.html\" rel=\"next\">{}</a>",
            number + 1,
            t!("gallery-navigation-next", number = (number + 1).to_string())
        );
    }
    links.push_str("</nav>");
    links
}

fn headers(out: &mut String, page: &Page<'_>) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"en-tetes\">\n<h2 id=\"en-tetes\">{}</h2>\n<table class=\"headers\">\n\
         <caption class=\"note\">{}</caption>",
        t!("gallery-message-headers"),
        t!("gallery-message-headers-note")
    );
    // Who and what first, as a mail client shows them; identifiers last.
    let rank = |name: &str| match name.to_ascii_lowercase().as_str() {
        "from" => 0,
        "to" => 1,
        "cc" => 2,
        "reply-to" => 3,
        "subject" => 4,
        "date" => 6,
        "message-id" => 7,
        _ => 5,
    };
    let mut headers: Vec<&(String, String)> = page.view.headers.iter().collect();
    headers.sort_by_key(|(name, _)| rank(name));
    for (name, value) in headers {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            label(name),
            escape(value)
        );
    }
    let _ = writeln!(
        out,
        "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
        t!("gallery-message-envelope"),
        escape(&page.envelope.join(", "))
    );
    out.push_str("</table>\n</section>\n");
}

/// A header's name with its meaning in the run's language, for the common ones; the name
/// alone where the meaning is the name (English).
fn label(name: &str) -> String {
    let meaning = match name.to_ascii_lowercase().as_str() {
        "from" => t!("gallery-header-from"),
        "to" => t!("gallery-header-to"),
        "cc" => t!("gallery-header-cc"),
        "reply-to" => t!("gallery-header-reply-to"),
        "subject" => t!("gallery-header-subject"),
        "date" => t!("gallery-header-date"),
        "message-id" => t!("gallery-header-message-id"),
        _ => return escape(name),
    };
    if meaning.eq_ignore_ascii_case(name) {
        return escape(name);
    }
    format!(
        "{meaning} <span class=\"note\">(<code>{}</code>)</span>",
        escape(name)
    )
}

fn body_parts(out: &mut String, page: &Page<'_>) {
    if let Some(body) = &page.view.html {
        let mut shown = body.clone();
        for (content_id, path) in page.images {
            shown = shown.replace(&format!("cid:{content_id}"), &format!("../{path}"));
        }
        let document = format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{FRAME_POLICY}\">\n{shown}"
        );
        let _ = write!(
            out,
            "<section aria-labelledby=\"version-html\">\n<h2 id=\"version-html\">{}</h2>\n\
             <p class=\"note\">{}</p>\n\
             <iframe class=\"html\" sandbox=\"allow-same-origin\" referrerpolicy=\"no-referrer\" \
             title=\"{}\" srcdoc=\"{}\"></iframe>\n</section>\n",
            t!("gallery-message-html"),
            t!("gallery-message-html-note"),
            escape(&t!(
                "gallery-message-html-title",
                number = page.number.to_string()
            )),
            html::escape_attribute(&document)
        );
    }
    if let Some(text) = &page.view.text {
        let _ = write!(
            out,
            "<section aria-labelledby=\"version-texte\">\n<h2 id=\"version-texte\">{}</h2>\n\
             <pre class=\"text\">{}</pre>\n</section>\n",
            t!("gallery-message-text"),
            escape(text)
        );
    }
}

fn files(out: &mut String, page: &Page<'_>) {
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"pieces\">\n<h2 id=\"pieces\">{}</h2>",
        t!("gallery-message-attachments")
    );
    if page.files.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>\n</section>",
            t!("gallery-message-attachments-none")
        );
        return;
    }
    out.push_str("<ul class=\"files\">\n");
    for file in page.files {
        let where_ = if file.inline {
            format!(" {}", t!("gallery-message-attachment-inline"))
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "<li><a href=\"../{path}\">{name}</a> ({kind}, {size}){where_}",
            path = escape(&file.path),
            name = escape(&file.name),
            kind = escape(&file.content_type),
            size = html::size(file.size),
        );
        if file.content_type.starts_with("image/") {
            let _ = write!(
                out,
                "<img src=\"../{}\" alt=\"{}\">",
                escape(&file.path),
                escape(&t!(
                    "gallery-message-attachment-alt",
                    name = file.name.as_str()
                ))
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}
