//! One pass over an HTML body's tokens (a WHATWG tokenizer: what a mail client reads, not
//! what a regular expression guesses), gathering what the checks need.

use html5gum::emitters::default::{DefaultEmitter, StartTag};
use html5gum::{Token, Tokenizer};

use super::FITS_A_PHONE;

/// What the checks need to know of an HTML body.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub images: usize,
    /// The `src` of each image without alt text, once each.
    pub missing_alt: Vec<String>,
    /// The `src` of each image wider than a phone, or of unknown width, with no inline
    /// `max-width`, once each.
    pub unscaled: Vec<String>,
    /// A `<style>` gives images a `max-width`.
    pub scaled_by_style: bool,
    /// Links whose words show another domain: (shown, target, href).
    pub links: Vec<(String, String, String)>,
    pub lang: bool,
    pub title: bool,
    /// The visible text's length in characters, each run of white space counted as one.
    pub text_chars: usize,
}

/// The length of `text` in characters, each run of white space counted as one and none at
/// the ends: the measure the text part and the HTML's text are compared by.
pub(super) fn words_length(text: &str) -> usize {
    let mut words = Words::default();
    words.add(text);
    words.chars
}

/// A running count of text's characters, white space collapsed.
#[derive(Debug, Default)]
struct Words {
    chars: usize,
    space: bool,
}

impl Words {
    fn add(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = self.chars > 0;
            } else {
                self.chars += 1 + usize::from(self.space);
                self.space = false;
            }
        }
    }

    /// A tag between words separates them.
    fn separate(&mut self) {
        self.space = self.chars > 0;
    }
}

/// Where the tokenizer is, for what a string token means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inside {
    Text,
    Style,
    Script,
    Title,
}

pub(super) fn scan(html: &str) -> Scan {
    let mut emitter = DefaultEmitter::default();
    // `<style>`, `<script>` and `<title>` hold raw text, not tags.
    emitter.naively_switch_states(true);
    let mut scan = Scan::default();
    let mut words = Words::default();
    let mut inside = Inside::Text;
    // The open link: its href, and its words so far.
    let mut link: Option<(String, String)> = None;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                words.separate();
                match tag.name.as_slice() {
                    b"img" => image(&tag, &mut scan),
                    b"a" => link = attribute(&tag, b"href").map(|href| (href, String::new())),
                    b"html" => {
                        scan.lang = attribute(&tag, b"lang").is_some_and(|l| !l.trim().is_empty());
                    }
                    b"style" => inside = Inside::Style,
                    b"script" => inside = Inside::Script,
                    b"title" => inside = Inside::Title,
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                words.separate();
                match tag.name.as_slice() {
                    b"a" => {
                        if let Some((href, shown)) = link.take() {
                            scan.links.extend(misleading(&shown, &href));
                        }
                    }
                    b"style" | b"script" | b"title" => inside = Inside::Text,
                    _ => {}
                }
            }
            Token::String(text) => {
                let text = String::from_utf8_lossy(&text);
                match inside {
                    Inside::Text => {
                        words.add(&text);
                        if let Some((_, shown)) = &mut link {
                            shown.push_str(&text);
                        }
                    }
                    Inside::Style => {
                        let style = text.to_ascii_lowercase();
                        scan.scaled_by_style |=
                            style.contains("img") && style.contains("max-width");
                    }
                    Inside::Title => scan.title |= !text.trim().is_empty(),
                    Inside::Script => {}
                }
            }
            _ => {}
        }
    }
    scan.text_chars = words.chars;
    scan
}

/// An attribute's value, as text.
fn attribute(tag: &StartTag<()>, name: &[u8]) -> Option<String> {
    tag.attributes
        .iter()
        .find(|(key, _)| key.as_slice() == name)
        .map(|(_, value)| String::from_utf8_lossy(value).into_owned())
}

fn image(tag: &StartTag<()>, scan: &mut Scan) {
    scan.images += 1;
    let src = attribute(tag, b"src").unwrap_or_default();
    let alt = attribute(tag, b"alt");
    if alt.is_none_or(|alt| alt.trim().is_empty()) && !scan.missing_alt.contains(&src) {
        scan.missing_alt.push(src.clone());
    }
    let scaled = attribute(tag, b"style")
        .is_some_and(|style| style.to_ascii_lowercase().contains("max-width"));
    let narrow = attribute(tag, b"width")
        .and_then(|width| width.trim().trim_end_matches("px").parse::<u32>().ok())
        .is_some_and(|width| width <= FITS_A_PHONE);
    if !scaled && !narrow && !scan.unscaled.contains(&src) {
        scan.unscaled.push(src);
    }
}

/// A link whose words show a domain other than its target's: (shown, target, href).
fn misleading(shown: &str, href: &str) -> Option<(String, String, String)> {
    let shown_domain = shown_domain(shown.trim())?;
    let target = target_domain(href.trim())?;
    let (a, b) = (bare(&shown_domain), bare(&target));
    let related = a == b || a.ends_with(&format!(".{b}")) || b.ends_with(&format!(".{a}"));
    (!related).then(|| (shown_domain, target, href.trim().to_string()))
}

/// A domain without its `www.`.
fn bare(domain: &str) -> &str {
    domain.strip_prefix("www.").unwrap_or(domain)
}

/// The domain a link's words show, when they are an address: `https://…`, `www.…`,
/// `ac-lille.fr/…`, or an email address.
fn shown_domain(text: &str) -> Option<String> {
    if text.is_empty() || text.contains(char::is_whitespace) {
        return None;
    }
    if let Some((_, domain)) = text.rsplit_once('@') {
        return looks_like_domain(domain).then(|| domain.to_ascii_lowercase());
    }
    if text.contains("://") {
        return url::Url::parse(text)
            .ok()?
            .host_str()
            .map(str::to_ascii_lowercase);
    }
    let host = text.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    (host.starts_with("www.") || looks_like_domain(&host)).then_some(host)
}

/// Whether `text` reads as a domain name: labels of letters, digits and hyphens, the last a
/// top-level domain people meet in French administrative mail (`M.Dupont` is not one).
fn looks_like_domain(text: &str) -> bool {
    const TOP: [&str; 14] = [
        "fr", "com", "org", "net", "eu", "info", "edu", "gouv", "be", "ch", "de", "io", "example",
        "test",
    ];
    let text = text.to_ascii_lowercase();
    let labels: Vec<&str> = text.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|top| TOP.contains(top))
}

/// The domain a link leads to: its host, or a `mailto:` address's domain.
fn target_domain(href: &str) -> Option<String> {
    if let Some(address) = href.strip_prefix("mailto:") {
        let address = address.split('?').next()?;
        return address
            .rsplit_once('@')
            .map(|(_, domain)| domain.to_ascii_lowercase());
    }
    url::Url::parse(href)
        .ok()?
        .host_str()
        .map(str::to_ascii_lowercase)
}
