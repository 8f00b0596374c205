//! What makes a message land in spam or read badly, found before anything is sent: an image
//! with little HTML around it, an HTML body without a usable text part, images without alt
//! text, a link whose words show another domain than the one it leads to, a subject in
//! capitals or cut where it matters, a message bigger than relays take; and, on HTML a user
//! wrote, a missing `lang`, `<title>` or image `max-width`. Each is a warning: the run goes
//! on, unless `--deny-warnings` makes warnings errors.
//!
//! The checks take plain inputs (the HTML, the text part, the subject, the size) and return
//! [`Finding`]s; where a finding comes from (a template line, or a row of the data) is worked
//! out once per distinct finding, by [`Tally`] and [`Finding::needle`], not once per row.

mod html;
mod tally;

use std::fmt;

pub(crate) use html::Memo;
pub(crate) use tally::{Place, Tally};

/// `SpamAssassin`'s `HTML_IMAGE_ONLY_04` … `HTML_IMAGE_ONLY_32` rules (`20_html_tests.cf`)
/// fire on an HTML part that has an `<img>` and whose raw length (tags included, counted in
/// characters: 3,050 accented letters, 6,050 bytes, fired `_32`) is over 0 and at most 3,200,
/// in steps of 400; each adds 0.6 to 2.8 points (`50_scores.cf`).
pub(crate) const IMAGE_ONLY_CHARS: usize = 3200;

/// Postfix's default `message_size_limit` (10,240,000 bytes), which many relays keep: a
/// bigger message is refused whole.
pub(crate) const RELAY_LIMIT: u64 = 10_240_000;

/// How many characters of a subject Gmail's inbox shows on a computer (about 70; Outlook on
/// a computer about 50 to 73, phones 33 to 48). A reader who sees only the template's fixed
/// words up to there cannot tell what the message is about.
pub(crate) const SUBJECT_SHOWN: usize = 70;

/// A subject counts as written in capitals from this many letters (`SpamAssassin`'s
/// `SUBJ_ALL_CAPS` ignores subjects under 10 characters and of one word)…
pub(crate) const CAPITALS_MIN_LETTERS: usize = 10;
/// … when at least 3 of its letters in 4 are capitals (`SpamAssassin` wants them all; an
/// acronym or two, `CNED`, `ENT`, stay well under).
const CAPITALS_SHARE: (usize, usize) = (3, 4);

/// A text part shorter than this share of the HTML's text (1 in 2) leaves out most of it.
const TEXT_SHARE: (usize, usize) = (1, 2);

/// An image at most this wide (its `width` attribute, in CSS pixels) fits a phone's screen
/// without a `max-width`.
const FITS_A_PHONE: u32 = 320;

/// One thing that makes a message land in spam or read badly.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Finding {
    /// An HTML part with an image and `html_chars` characters of HTML, at most
    /// [`IMAGE_ONLY_CHARS`].
    ImageOnly { html_chars: usize },
    /// An HTML body and no text part.
    NoTextPart,
    /// A text part with `text_chars` characters of text where the HTML has `html_chars`.
    ShortText {
        text_chars: usize,
        html_chars: usize,
    },
    /// An `<img>` without alt text, by its `src`.
    MissingAlt { image: String },
    /// A link whose words show the domain `shown` and whose target, `href`, is on `target`.
    LinkDomain {
        shown: String,
        target: String,
        href: String,
    },
    /// A subject with `capitals` capitals among its `letters` letters.
    CapitalSubject { capitals: usize, letters: usize },
    /// A subject whose first [`SUBJECT_SHOWN`] characters are all the template's own words
    /// (`chars` of them before the first value from the list), or, for a subject that starts
    /// with a value from the list, `chars` characters in all.
    LongSubject { chars: usize, from_data: bool },
    /// A whole message of `bytes`, over [`RELAY_LIMIT`].
    TooBig { bytes: u64 },
    /// Authored HTML without `<html lang="…">`.
    NoLang,
    /// Authored HTML without a `<title>`.
    NoTitle,
    /// Authored HTML: an image, by its `src`, with no `max-width` (inline or in a `<style>`).
    UnscaledImage { image: String },
}

impl Finding {
    /// The word `--events json` gives the finding, and `--deny-warnings` names it by.
    pub(crate) fn word(&self) -> &'static str {
        match self {
            Self::ImageOnly { .. } => "image_only",
            Self::NoTextPart => "no_text_part",
            Self::ShortText { .. } => "short_text_part",
            Self::MissingAlt { .. } => "image_without_alt",
            Self::LinkDomain { .. } => "link_shows_other_domain",
            Self::CapitalSubject { .. } => "subject_in_capitals",
            Self::LongSubject { .. } => "long_subject",
            Self::TooBig { .. } => "message_too_big",
            Self::NoLang => "html_without_lang",
            Self::NoTitle => "html_without_title",
            Self::UnscaledImage { .. } => "image_without_max_width",
        }
    }

    /// What makes two findings on different rows the same warning: the numbers that vary
    /// with the data (sizes, lengths) do not.
    pub(crate) fn same_as(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::MissingAlt { image: a }, Self::MissingAlt { image: b })
            | (Self::UnscaledImage { image: a }, Self::UnscaledImage { image: b }) => a == b,
            (
                Self::LinkDomain {
                    href: a, shown: s, ..
                },
                Self::LinkDomain {
                    href: b, shown: t, ..
                },
            ) => a == b && s == t,
            _ => self.word() == other.word(),
        }
    }

    /// What to look for in the template to find the line it comes from; `None` when the
    /// finding is about the whole body or message.
    pub(crate) fn needle(&self) -> Option<&str> {
        match self {
            Self::MissingAlt { image } | Self::UnscaledImage { image } => Some(image),
            Self::LinkDomain { href, .. } => Some(href),
            Self::NoLang => Some("<html"),
            Self::NoTitle => Some("<head"),
            _ => None,
        }
    }

    /// Whether it is about the Subject header rather than the body.
    pub(crate) fn is_about_subject(&self) -> bool {
        matches!(self, Self::CapitalSubject { .. } | Self::LongSubject { .. })
    }

    /// A few words for the preview's gallery, where the reviewer reads it beside the message.
    pub(crate) fn label(&self) -> String {
        match self {
            Self::ImageOnly { html_chars } => t!("lint-label-image-only", chars = *html_chars),
            Self::NoTextPart => t!("lint-label-no-text-part"),
            Self::ShortText {
                text_chars,
                html_chars,
            } => t!(
                "lint-label-short-text",
                text = *text_chars,
                html = *html_chars
            ),
            Self::MissingAlt { image } => t!("lint-label-missing-alt", image = image.as_str()),
            Self::LinkDomain { shown, target, .. } => t!(
                "lint-label-link-domain",
                shown = shown.as_str(),
                target = target.as_str()
            ),
            Self::CapitalSubject { .. } => t!("lint-label-capital-subject"),
            Self::LongSubject { .. } => t!("lint-label-long-subject", shown = SUBJECT_SHOWN),
            Self::TooBig { .. } => t!("lint-label-too-big"),
            Self::NoLang => t!("lint-label-no-lang"),
            Self::NoTitle => t!("lint-label-no-title"),
            Self::UnscaledImage { image } => {
                t!("lint-label-unscaled-image", image = image.as_str())
            }
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let said = match self {
            Self::ImageOnly { html_chars } => t!(
                "lint-image-only",
                chars = *html_chars,
                limit = IMAGE_ONLY_CHARS
            ),
            Self::NoTextPart => t!("lint-no-text-part"),
            Self::ShortText {
                text_chars: 0,
                html_chars,
            } => t!("lint-empty-text", html = *html_chars),
            Self::ShortText {
                text_chars,
                html_chars,
            } => t!("lint-short-text", text = *text_chars, html = *html_chars),
            Self::MissingAlt { image } => t!("lint-missing-alt", image = image.as_str()),
            Self::LinkDomain {
                shown,
                target,
                href,
            } => t!(
                "lint-link-domain",
                shown = shown.as_str(),
                target = target.as_str(),
                href = href.as_str()
            ),
            Self::CapitalSubject { capitals, letters } => t!(
                "lint-capital-subject",
                capitals = *capitals,
                letters = *letters,
                min = CAPITALS_MIN_LETTERS
            ),
            Self::LongSubject {
                chars,
                from_data: false,
            } => t!(
                "lint-long-subject-template",
                chars = *chars,
                shown = SUBJECT_SHOWN
            ),
            Self::LongSubject {
                chars,
                from_data: true,
            } => t!(
                "lint-long-subject-data",
                chars = *chars,
                shown = SUBJECT_SHOWN
            ),
            Self::TooBig { bytes } => t!(
                "lint-too-big",
                bytes = *bytes,
                limit = RELAY_LIMIT,
                size = crate::i18n::size(*bytes, crate::i18n::lang())
            ),
            Self::NoLang => t!("lint-no-lang"),
            Self::NoTitle => t!("lint-no-title"),
            Self::UnscaledImage { image } => t!("lint-unscaled-image", image = image.as_str()),
        };
        f.write_str(&said)
    }
}

/// A message's body as the checks see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Body<'a> {
    /// The HTML part, if any.
    pub html: Option<&'a str>,
    /// The text part beside the HTML, if any (a plain body has no HTML and is not checked).
    pub text: Option<&'a [u8]>,
    /// missive made the text part from the same source as the HTML (markdown): it says all
    /// the HTML says, and is not measured against it.
    pub text_generated: bool,
    /// The HTML was written by a person (a `text/html` template, a relayed circular), not
    /// generated by missive: `lang`, `<title>` and `max-width` are theirs to add.
    pub authored: bool,
}

/// Where the subject's words end and the list's values start, worked out once from the
/// template's `Subject:` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SubjectLead {
    /// The template writes this many characters before its first value or tag.
    Fixed(usize),
    /// The subject starts with a value from the list.
    FromData,
}

impl SubjectLead {
    /// The lead of a template's `Subject:` value, as written.
    pub(crate) fn of(template_value: &str) -> Self {
        let value = template_value.trim_start();
        let end = [value.find("{{"), value.find("{%")]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(value.len());
        match value[..end].trim_end().chars().count() {
            0 if end < value.len() => Self::FromData,
            chars => Self::Fixed(chars),
        }
    }
}

/// The checks of one message; `memo` keeps what the last HTML's tags gave, for the next
/// row's.
pub(crate) fn message(
    body: Body<'_>,
    subject: &str,
    lead: SubjectLead,
    size: u64,
    memo: &Memo,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some(html) = body.html {
        let compare = !(body.text_generated && body.text.is_some());
        let scan = html::scan(html, memo, compare);
        // Characters, as SpamAssassin counts; no more than one past the limit are counted.
        let chars = html.chars().take(IMAGE_ONLY_CHARS + 1).count();
        if scan.images > 0 && chars > 0 && chars <= IMAGE_ONLY_CHARS {
            findings.push(Finding::ImageOnly { html_chars: chars });
        }
        if compare {
            findings.extend(text_part(body.text, scan.text_chars));
        }
        findings.extend(
            scan.missing_alt
                .into_iter()
                .map(|image| Finding::MissingAlt { image }),
        );
        findings.extend(
            scan.links
                .into_iter()
                .map(|(shown, target, href)| Finding::LinkDomain {
                    shown,
                    target,
                    href,
                }),
        );
        if body.authored {
            if !scan.lang {
                findings.push(Finding::NoLang);
            }
            if !scan.title {
                findings.push(Finding::NoTitle);
            }
            if !scan.scaled_by_style {
                findings.extend(
                    scan.unscaled
                        .into_iter()
                        .map(|image| Finding::UnscaledImage { image }),
                );
            }
        }
    }
    findings.extend(capitals(subject));
    findings.extend(long_subject(subject, lead));
    if size > RELAY_LIMIT {
        findings.push(Finding::TooBig { bytes: size });
    }
    findings
}

/// The text part beside an HTML whose text is `html_chars` long.
fn text_part(text: Option<&[u8]>, html_chars: usize) -> Option<Finding> {
    let Some(text) = text else {
        return Some(Finding::NoTextPart);
    };
    let text_chars = html::words_length(text);
    let (part, whole) = TEXT_SHARE;
    (text_chars * whole < html_chars * part).then_some(Finding::ShortText {
        text_chars,
        html_chars,
    })
}

/// A subject in capitals.
fn capitals(subject: &str) -> Option<Finding> {
    let subject = subject.trim();
    if !subject.contains(char::is_whitespace) {
        return None;
    }
    let letters = subject.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = subject.chars().filter(|c| c.is_uppercase()).count();
    let (part, whole) = CAPITALS_SHARE;
    (letters >= CAPITALS_MIN_LETTERS && capitals * whole >= letters * part)
        .then_some(Finding::CapitalSubject { capitals, letters })
}

/// A subject whose first [`SUBJECT_SHOWN`] characters do not reach what tells the messages
/// apart: the template's fixed words alone fill them, or a subject from the list is longer.
fn long_subject(subject: &str, lead: SubjectLead) -> Option<Finding> {
    match lead {
        SubjectLead::Fixed(chars) if chars > SUBJECT_SHOWN => Some(Finding::LongSubject {
            chars,
            from_data: false,
        }),
        SubjectLead::Fixed(_) => None,
        SubjectLead::FromData => {
            let chars = subject.chars().count();
            (chars > SUBJECT_SHOWN).then_some(Finding::LongSubject {
                chars,
                from_data: true,
            })
        }
    }
}

#[cfg(test)]
mod french_tests;
#[cfg(test)]
mod tests;
