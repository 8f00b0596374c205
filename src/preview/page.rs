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
    let mut out = html::page_start(&format!("Message n° {n} — {}", page.subject), "../", false);
    let _ = write!(
        out,
        "<body>\n<a class=\"skip\" href=\"#contenu\">Aller au message</a>\n<header>\n{NAVIGATION}\n</header>\n\
         <main id=\"contenu\">\n<h1>Message n° {n} : {}</h1>\n\
         <p class=\"note\">Ligne <code>{}</code> de la liste · {}</p>\n",
        escape(page.subject),
        escape(page.row),
        html::size(page.size),
    );
    if !page.warnings.is_empty() {
        out.push_str(
            "<section class=\"warnings\" aria-labelledby=\"a-verifier\">\n<h2 id=\"a-verifier\">Points à vérifier</h2>\n<ul>\n",
        );
        for warning in page.warnings {
            let _ = writeln!(out, "<li>{}</li>", escape(warning));
        }
        out.push_str("</ul>\n</section>\n");
    }
    headers(&mut out, page);
    body_parts(&mut out, page);
    files(&mut out, page);
    out.push_str(
        "<section aria-labelledby=\"eml\">\n<h2 id=\"eml\">Le message entier (.eml)</h2>\n",
    );
    if page.eml {
        let _ = writeln!(
            out,
            "<p><a href=\"{n:05}.eml\">{n:05}.eml</a> : le message exact, à ouvrir dans une messagerie \
             (Thunderbird, Outlook…). Seule la date changera à l’envoi.</p>"
        );
    } else {
        let _ = writeln!(
            out,
            "<p>Pour une grande liste, seul un échantillon des fichiers .eml est écrit. Pour obtenir celui-ci \
             (il est vérifié identique à ce qui a été relu), lancez dans le dossier de la campagne :<br>\
             <code>{}</code></p>",
            escape(&page.next.one_eml(n))
        );
    }
    // The commands of the next steps are once, at the foot of the list, not in every page.
    out.push_str(
        "</section>\n</main>\n<footer>\n<p>Relecture terminée ? L’envoi de test et l’envoi réel \
         sont au <a href=\"../index.html#suite\">bas de la liste des messages</a>.</p>\n</footer>\n",
    );
    out.push_str("</body>\n</html>\n");
    out
}

/// The links to the list and to the neighbouring messages.
pub(super) fn navigation(number: usize, has_next: bool) -> String {
    let mut links = String::from(
        "<nav class=\"messages\" aria-label=\"Navigation entre les messages\">\n<a href=\"../index.html\">Liste des messages</a>\n",
    );
    if number > 1 {
        let _ = writeln!(
            links,
            "<a href=\"{:05}.html\" rel=\"prev\">← Message précédent (n° {})</a>",
            number - 1,
            number - 1
        );
    }
    if has_next {
        let _ = writeln!(
            links,
            "<a href=\"{:05}.html\" rel=\"next\">Message suivant (n° {}) →</a>",
            number + 1,
            number + 1
        );
    }
    links.push_str("</nav>");
    links
}

fn headers(out: &mut String, page: &Page<'_>) {
    out.push_str(
        "<section aria-labelledby=\"en-tetes\">\n<h2 id=\"en-tetes\">En-têtes</h2>\n<table class=\"headers\">\n\
         <caption class=\"note\">Tels qu’ils partiront ; la date sera celle de l’envoi.</caption>\n",
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
        "<tr><th scope=\"row\">Remis à (enveloppe SMTP, copies cachées comprises)</th><td>{}</td></tr>",
        escape(&page.envelope.join(", "))
    );
    out.push_str("</table>\n</section>\n");
}

/// A header's name with its French meaning, for the common ones.
fn label(name: &str) -> String {
    let french = match name.to_ascii_lowercase().as_str() {
        "from" => "De",
        "to" => "À",
        "cc" => "Copie",
        "reply-to" => "Répondre à",
        "subject" => "Objet",
        "date" => "Date",
        "message-id" => "Identifiant",
        _ => return escape(name),
    };
    format!("{french} <span class=\"note\">({})</span>", escape(name))
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
            "<section aria-labelledby=\"version-html\">\n<h2 id=\"version-html\">Version HTML</h2>\n\
             <p class=\"note\">Affichée comme par une messagerie prudente : aucun script, aucun contenu distant.</p>\n\
             <iframe class=\"html\" sandbox=\"allow-same-origin\" referrerpolicy=\"no-referrer\" \
             title=\"Version HTML du message n° {}\" srcdoc=\"{}\"></iframe>\n</section>\n",
            page.number,
            html::escape_attribute(&document)
        );
    }
    if let Some(text) = &page.view.text {
        let _ = write!(
            out,
            "<section aria-labelledby=\"version-texte\">\n<h2 id=\"version-texte\">Version texte</h2>\n\
             <pre class=\"text\">{}</pre>\n</section>\n",
            escape(text)
        );
    }
}

fn files(out: &mut String, page: &Page<'_>) {
    out.push_str("<section aria-labelledby=\"pieces\">\n<h2 id=\"pieces\">Pièces jointes</h2>\n");
    if page.files.is_empty() {
        out.push_str("<p>Aucune.</p>\n</section>\n");
        return;
    }
    out.push_str("<ul class=\"files\">\n");
    for file in page.files {
        let where_ = if file.inline {
            " — affichée dans le message"
        } else {
            ""
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
                "<img src=\"../{}\" alt=\"Aperçu de la pièce jointe {}\">",
                escape(&file.path),
                escape(&file.name)
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}
