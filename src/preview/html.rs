//! Small pieces every page of the gallery shares: escaping, sizes as the run's language
//! writes them, the page frame and the next-step commands.

use std::fmt::Write as _;

/// The gallery's style sheet and script, relative to the preview folder.
pub(super) const STYLE: &str = "assets/style.css";
pub(super) const SCRIPT: &str = "assets/gallery.js";

/// The policy of the gallery's own pages: nothing remote. The index runs its two scripts from
/// the preview folder; message pages run none. Inline styles are allowed because a message's
/// frame inherits this policy and the message's HTML may carry its own.
const PAGE_POLICY: &str =
    "default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-src 'self'";

/// Escapes text for HTML content and attribute values (also the title and `lang` of the
/// HTML written around a Markdown body).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], written at the end of `out`.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        out.push_str(text);
        return;
    }
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
}

/// Escapes text for a double-quoted attribute value: only `&` and `"` end or change it, so
/// the HTML part of a message in `srcdoc` keeps its `<` and `>` (a tenth of each page).
pub(super) fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;")
}

/// A size as the run's language writes it: `177,5 ko` / `177.5 kB` (powers of 1,000, as the
/// script of the index writes them too).
pub(super) fn size(bytes: u64) -> String {
    crate::i18n::size(bytes, crate::i18n::lang())
}

/// The language of the pages, for `<html lang>`.
pub(super) fn lang() -> &'static str {
    match crate::i18n::lang() {
        crate::i18n::Lang::En => "en",
        crate::i18n::Lang::Fr => "fr",
    }
}

/// What the reviewer (or the sender) does next, as exact commands to copy.
#[derive(Debug, Clone, Default)]
pub(crate) struct NextSteps {
    /// A test send of a few messages to the sender alone.
    pub test_send: String,
    /// The reviewer's approval of this preview, which the real send requires.
    pub approve: String,
    /// The real send, bound to this preview.
    pub send: String,
    /// The command that writes the `.eml` of message N, with `{N}` standing for its number.
    pub one_eml: String,
}

impl NextSteps {
    /// The footer of every page: what to do once the review is done.
    pub(crate) fn footer(&self) -> String {
        format!(
            "<footer>\n<h2 id=\"suite\">{heading}</h2>\n<ol>\n\
             <li>{test}<br><code>{test_send}</code></li>\n\
             <li>{approval}<br><code>{approve}</code></li>\n\
             <li>{send}<br><code>{real_send}</code></li>\n</ol>\n</footer>\n",
            heading = t!("gallery-next-heading"),
            test = t!("gallery-next-test"),
            test_send = escape(&self.test_send),
            approval = t!("gallery-next-approve"),
            approve = escape(&self.approve),
            send = t!("gallery-next-send"),
            real_send = escape(&self.send),
        )
    }

    /// The command that writes message `number`'s `.eml`.
    pub(crate) fn one_eml(&self, number: usize) -> String {
        self.one_eml.replace("{N}", &number.to_string())
    }
}

/// The start of a page of the gallery: `root` leads from the page to the preview folder;
/// `scripts` allows the preview folder's scripts.
pub(super) fn page_start(title: &str, root: &str, scripts: bool) -> String {
    let scripts = if scripts { "; script-src 'self'" } else { "" };
    let mut out = String::with_capacity(1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{PAGE_POLICY}{scripts}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"{root}{STYLE}\">\n</head>\n",
        escape(title),
        lang = lang(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_writes_sizes_in_the_language_of_the_run() {
        assert_eq!(
            escape("<script>document.title='pwned'</script> & \"x\""),
            "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; &amp; &quot;x&quot;"
        );
        assert_eq!(
            escape_attribute("<p class=\"x\">A &amp; B</p>"),
            "<p class=&quot;x&quot;>A &amp;amp; B</p>"
        );
        assert_eq!(size(999), "999\u{a0}B");
        assert_eq!(size(177_507), "177.5\u{a0}kB");
        let french = crate::i18n::in_lang(crate::i18n::Lang::Fr, || {
            [size(999), size(177_507), size(2_100_000)]
        });
        assert_eq!(french, ["999\u{a0}o", "177,5\u{a0}ko", "2,1\u{a0}Mo"]);
        let steps = NextSteps {
            one_eml: "missive preview --out revue --only {N}".into(),
            ..NextSteps::default()
        };
        assert_eq!(steps.one_eml(42), "missive preview --out revue --only 42");
    }
}
