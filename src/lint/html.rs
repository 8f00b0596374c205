//! One pass over an HTML body's tokens (a WHATWG tokenizer: what a mail client reads, not
//! what a regular expression guesses), gathering what the checks need.

use std::convert::Infallible;
use std::sync::Mutex;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

use super::FITS_A_PHONE;

/// What the checks need to know of an HTML body.
#[derive(Debug, Default, Clone)]
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
pub(super) fn words_length(text: &[u8]) -> usize {
    let mut words = Words::default();
    words.add(text);
    words.chars
}

/// A running count of text's characters, white space collapsed.
#[derive(Debug, Default)]
struct Words {
    chars: usize,
    /// White space (or a tag) since the last letter: one space before the next word.
    space: bool,
}

impl Words {
    /// Counts UTF-8 text by its bytes: a character starts at every byte but a continuation
    /// byte (`0b10xx_xxxx`), and white space is ASCII's (a no-break space counts as a
    /// letter); no decoding needed.
    fn add(&mut self, text: &[u8]) {
        for &byte in text {
            if byte.is_ascii_whitespace() {
                self.space = true;
            } else if byte & 0b1100_0000 != 0b1000_0000 {
                self.chars += 1 + usize::from(self.space && self.chars > 0);
                self.space = false;
            }
        }
    }

    /// Counts HTML text: a character reference (`&amp;`, `&#233;`) is one character.
    fn add_html(&mut self, text: &[u8]) {
        let mut rest = text;
        while let Some(at) = memchr::memchr(b'&', rest) {
            self.add(&rest[..at]);
            let reference = rest[at + 1..]
                .iter()
                .take(12)
                .position(|&b| b == b';')
                .filter(|&end| {
                    rest[at + 1..at + 1 + end]
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || *b == b'#')
                });
            let skip = reference.map_or(0, |end| end + 1);
            self.add(b"&");
            rest = &rest[at + 1 + skip..];
        }
        self.add(rest);
    }

    /// A tag between words separates them.
    fn separate(&mut self) {
        self.space = true;
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

/// The start tag being read, among those the checks look into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Img,
    A,
    Html,
    Other,
}

/// The attributes read of the current start tag, among those the checks need.
#[derive(Debug, Default)]
struct Attributes {
    src: Option<String>,
    alt: Option<String>,
    style: Option<String>,
    width: Option<String>,
    href: Option<String>,
    lang: Option<String>,
}

/// The tokenizer's events, gathered into a [`Scan`] as they come: the callback emitter
/// lends each name, value and text without allocating a token for it, which made the
/// scan of a 3 KB circular twice as fast as the default tokens.
#[derive(Debug)]
struct Scanner {
    scan: Scan,
    inside: Inside,
    tag: Tag,
    /// The attribute whose value comes next, as a slot of `attributes`.
    attribute: Option<fn(&mut Attributes) -> &mut Option<String>>,
    attributes: Attributes,
    /// The open link: its href, and its words so far.
    link: Option<(String, String)>,
}

impl Scanner {
    fn event(&mut self, event: &CallbackEvent<'_>) {
        match *event {
            CallbackEvent::OpenStartTag { name } => {
                self.attributes = Attributes::default();
                self.attribute = None;
                self.tag = match name {
                    b"img" => Tag::Img,
                    b"a" => Tag::A,
                    b"html" => Tag::Html,
                    _ => Tag::Other,
                };
                match name {
                    b"style" => self.inside = Inside::Style,
                    b"script" => self.inside = Inside::Script,
                    b"title" => self.inside = Inside::Title,
                    _ => {}
                }
            }
            CallbackEvent::AttributeName { name } => {
                self.attribute = match (self.tag, name) {
                    (Tag::Img, b"src") => Some(|a| &mut a.src),
                    (Tag::Img, b"alt") => Some(|a| &mut a.alt),
                    (Tag::Img, b"style") => Some(|a| &mut a.style),
                    (Tag::Img, b"width") => Some(|a| &mut a.width),
                    (Tag::A, b"href") => Some(|a| &mut a.href),
                    (Tag::Html, b"lang") => Some(|a| &mut a.lang),
                    _ => None,
                };
                // An attribute written without a value has the empty one.
                if let Some(slot) = self.attribute {
                    slot(&mut self.attributes).get_or_insert_with(String::new);
                }
            }
            CallbackEvent::AttributeValue { value } => {
                if let Some(slot) = self.attribute.take() {
                    // The first of two same-named attributes counts, as in a browser.
                    let slot = slot(&mut self.attributes);
                    if slot.as_ref().is_none_or(String::is_empty) {
                        *slot = Some(String::from_utf8_lossy(value).into_owned());
                    }
                }
            }
            CallbackEvent::CloseStartTag { .. } => self.close_start_tag(),
            CallbackEvent::EndTag { name } => match name {
                b"a" => {
                    if let Some((href, shown)) = self.link.take() {
                        self.scan.links.extend(misleading(&shown, &href));
                    }
                }
                b"style" | b"script" | b"title" => self.inside = Inside::Text,
                _ => {}
            },
            CallbackEvent::String { value } => self.text(value),
            _ => {}
        }
    }

    fn close_start_tag(&mut self) {
        let attributes = std::mem::take(&mut self.attributes);
        match self.tag {
            Tag::Img => image(attributes, &mut self.scan),
            Tag::A => self.link = attributes.href.map(|href| (href, String::new())),
            Tag::Html => {
                self.scan.lang = attributes.lang.is_some_and(|l| !l.trim().is_empty());
            }
            Tag::Other => {}
        }
        self.tag = Tag::Other;
    }

    fn text(&mut self, text: &[u8]) {
        match self.inside {
            Inside::Text => {
                if let Some((_, shown)) = &mut self.link {
                    shown.push_str(&String::from_utf8_lossy(text));
                }
            }
            Inside::Style => {
                let style = String::from_utf8_lossy(text).to_ascii_lowercase();
                self.scan.scaled_by_style |= style.contains("img") && style.contains("max-width");
            }
            Inside::Title => self.scan.title |= !text.trim_ascii().is_empty(),
            Inside::Script => {}
        }
    }
}

/// The last skeleton scanned, and what its tags gave, shared by the composing threads
/// (they are started anew for each batch of rows, so a cache of their own would be cold).
#[derive(Debug, Default)]
pub(crate) struct Memo(Mutex<(Vec<u8>, Option<Scan>)>);

impl Memo {
    fn lock(&self) -> std::sync::MutexGuard<'_, (Vec<u8>, Option<Scan>)> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What the checks need of `html`. The rows of a list mostly differ in their text, not in
/// their tags: the tokenizer runs again only when the skeleton (every tag as written, and
/// the words of links, titles, styles and scripts) differs from the last one scanned; the
/// text is counted on every row, by a byte scan. Per row, tokenizing a 3 KB circular again
/// cost more than rendering its markdown.
pub(super) fn scan(html: &str, memo: &Memo, count_text: bool) -> Scan {
    let mut skeleton = Vec::with_capacity(html.len() / 2);
    let text_chars = skeleton_of(html.as_bytes(), &mut skeleton, count_text);
    let known = {
        let last = memo.lock();
        if last.0 == skeleton {
            last.1.clone()
        } else {
            None
        }
    };
    let mut scan = known.unwrap_or_else(|| {
        let scan = tags_of(html);
        *memo.lock() = (skeleton, Some(scan.clone()));
        scan
    });
    scan.text_chars = text_chars;
    scan
}

/// Writes `html`'s skeleton into `key` (cleared first) and returns the length of its text
/// (see [`Scan::text_chars`]; 0 unless `count_text`). A comment may hide `>` and tags alike: with one, the whole
/// HTML is the skeleton.
fn skeleton_of(html: &[u8], key: &mut Vec<u8>, count_text: bool) -> usize {
    key.clear();
    let commented = memchr::memmem::find(html, b"<!--").is_some();
    if commented {
        key.extend_from_slice(html);
    }
    let mut words = Words::default();
    // Inside `<style>`, `<script>` or `<title>`, whose words are not read (their end tag's
    // name); inside a link, whose words are checked.
    let mut raw: Option<&'static [u8]> = None;
    let mut link = false;
    let mut rest = html;
    loop {
        let open = memchr::memchr(b'<', rest).unwrap_or(rest.len());
        let (text, after) = rest.split_at(open);
        if raw.is_none() && count_text {
            words.add_html(text);
        }
        if (raw.is_some() || link) && !commented {
            key.extend_from_slice(text);
        }
        if after.is_empty() {
            break;
        }
        let close = memchr::memchr(b'>', after).map_or(after.len(), |end| end + 1);
        let (tag, next) = after.split_at(close);
        if !commented {
            key.extend_from_slice(tag);
        }
        words.separate();
        let (closing, name) = tag_name(tag);
        match (closing, raw) {
            (true, Some(end)) if name.eq_ignore_ascii_case(end) => raw = None,
            (_, Some(_)) => {}
            (true, None) => link &= !name.eq_ignore_ascii_case(b"a"),
            (false, None) => {
                raw = [&b"style"[..], b"script", b"title"]
                    .into_iter()
                    .find(|raw| name.eq_ignore_ascii_case(raw));
                link |= name.eq_ignore_ascii_case(b"a");
            }
        }
        rest = next;
    }
    words.chars
}

/// Whether a tag (`<a href…>`, `</a>`) closes, and its name.
fn tag_name(tag: &[u8]) -> (bool, &[u8]) {
    let tag = &tag[1..];
    let (closing, tag) = match tag.strip_prefix(b"/") {
        Some(rest) => (true, rest),
        None => (false, tag),
    };
    let end = tag
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    (closing, &tag[..end])
}

/// What the tags of `html` give the checks, read by the tokenizer.
fn tags_of(html: &str) -> Scan {
    let mut scanner = Scanner {
        scan: Scan::default(),
        inside: Inside::Text,
        tag: Tag::Other,
        attribute: None,
        attributes: Attributes::default(),
        link: None,
    };
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _: Span<()>| {
        scanner.event(&event);
        None::<Infallible>
    });
    // `<style>`, `<script>` and `<title>` hold raw text, not tags.
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(html, emitter) {}
    scanner.scan
}

fn image(attributes: Attributes, scan: &mut Scan) {
    scan.images += 1;
    let src = attributes.src.unwrap_or_default();
    if attributes.alt.is_none_or(|alt| alt.trim().is_empty()) && !scan.missing_alt.contains(&src) {
        scan.missing_alt.push(src.clone());
    }
    let scaled = attributes
        .style
        .is_some_and(|style| style.to_ascii_lowercase().contains("max-width"));
    let narrow = attributes
        .width
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
