//! The template file format: header lines, a blank line, the body (the format of the Python
//! `mailmerge` tool, so its users' files work as they are).

use std::path::{Path, PathBuf};

use super::{MultipartProblem, TemplateError};
use crate::recipients::address;

/// What the body is written in, from the template's literal `Content-Type:` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `text/plain` (the default): one text part.
    Plain,
    /// `text/markdown`: its HTML rendering as text/html, and a text/plain alternative
    /// written from the Markdown (or the template's own text part).
    Markdown,
    /// `text/html`: the HTML as text/html, and a text/plain alternative derived from it (or
    /// the template's own text part).
    Html,
}

/// The text part a template gives itself, in the Python `mailmerge` tool's multipart form:
/// used as written (rendered like the rest) instead of the text derived from the HTML.
#[derive(Debug, Clone)]
pub struct OwnText {
    pub body: String,
    /// The file line on which it starts.
    pub line: usize,
}

/// A template file split into its parts, not yet compiled.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub path: PathBuf,
    /// The header lines, as written (line 1 of the file is line 1 here).
    pub headers: String,
    /// The body, as written.
    pub body: String,
    /// The file line on which the body starts.
    pub body_line: usize,
    pub body_kind: BodyKind,
    /// The template's own text/plain part, beside an HTML or Markdown one.
    pub own_text: Option<OwnText>,
}

impl TemplateFile {
    pub fn read(path: &Path) -> Result<Self, TemplateError> {
        let bytes = std::fs::read(path).map_err(|source| TemplateError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            TemplateError::NotUtf8 {
                path: path.to_path_buf(),
                line: bytecount_lines(valid),
            }
        })?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Self, TemplateError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let text = text.replace("\r\n", "\n");
        let mut headers = String::new();
        let mut declared = Declared::Kind(BodyKind::Plain);
        let mut lines = text.split_inclusive('\n').enumerate();
        let mut body_line = None;
        let mut header_count = 0;
        let mut has_subject = false;
        for (index, raw_line) in &mut lines {
            let line_number = index + 1;
            let line = raw_line.trim_end_matches('\n');
            if line.trim().is_empty() {
                body_line = Some(line_number + 1);
                break;
            }
            let kind = classify(line);
            match kind {
                LineKind::Header { name, value } => {
                    header_count += 1;
                    has_subject |= name.eq_ignore_ascii_case("subject");
                    if let Some(suggestion) = near_miss(name) {
                        return Err(TemplateError::MisspelledHeader {
                            path: path.to_path_buf(),
                            line: line_number,
                            name: name.to_string(),
                            suggestion,
                        });
                    }
                    if name.eq_ignore_ascii_case("content-type") {
                        declared = declared_body(path, line_number, value)?;
                        // Consumed here: the MIME structure decides the real Content-Type.
                        headers.push('\n');
                        continue;
                    }
                    if name.eq_ignore_ascii_case("mime-version") {
                        // mailmerge's multipart templates carry one; missive writes its own.
                        headers.push('\n');
                        continue;
                    }
                }
                LineKind::Continuation => {}
                LineKind::TeraTag => has_subject |= names_a_subject(line),
                LineKind::Other if index == 0 => {
                    return Err(TemplateError::NoHeaders {
                        path: path.to_path_buf(),
                    });
                }
                LineKind::Other => {
                    return Err(TemplateError::NotAHeader {
                        path: path.to_path_buf(),
                        line: line_number,
                        text: line.to_string(),
                    });
                }
            }
            push_standard(&mut headers, line);
        }
        let Some(body_line) = body_line else {
            return Err(if header_count == 0 {
                TemplateError::NoHeaders {
                    path: path.to_path_buf(),
                }
            } else {
                TemplateError::NoBlankLine {
                    path: path.to_path_buf(),
                    line: text.lines().count(),
                }
            });
        };
        if header_count == 0 {
            return Err(TemplateError::NoHeaders {
                path: path.to_path_buf(),
            });
        }
        if !has_subject {
            return Err(TemplateError::NoSubject {
                path: path.to_path_buf(),
                line: body_line - 1,
            });
        }
        let body: String = lines.map(|(_, line)| line).collect();
        let (body, body_line, body_kind, own_text) = match declared {
            Declared::Kind(kind) => (body, body_line, kind, None),
            Declared::Alternative { boundary, line } => {
                let parts = Alternative::split(path, &body, body_line, &boundary, line)?;
                parts.into_body(path, line)?
            }
        };
        let file = Self {
            path: path.to_path_buf(),
            headers,
            body,
            body_line,
            body_kind,
            own_text,
        };
        file.check_literal_addresses()?;
        Ok(file)
    }

    /// A `From:`, `To:`, `Cc:`, `Bcc:` or `Reply-To:` written without `{{` or `{%` is checked
    /// once, here, so that a typo is cited at its template line rather than at every row.
    fn check_literal_addresses(&self) -> Result<(), TemplateError> {
        let mut lines = self.headers.lines().enumerate().peekable();
        while let Some((index, line)) = lines.next() {
            let LineKind::Header { name, value } = classify(line) else {
                continue;
            };
            let mut value = value.to_string();
            while let Some((_, next)) =
                lines.next_if(|(_, l)| matches!(classify(l), LineKind::Continuation))
            {
                value.push(' ');
                value.push_str(next.trim());
            }
            let addresses = ["from", "to", "cc", "bcc", "reply-to"]
                .iter()
                .any(|h| h.eq_ignore_ascii_case(name));
            if !addresses || value.contains("{{") || value.contains("{%") {
                continue;
            }
            address::parse_list(&value).map_err(|error| TemplateError::Address {
                path: self.path.clone(),
                line: index + 1,
                header: name.to_string(),
                error,
            })?;
        }
        Ok(())
    }

    /// Whether this is the Python `mailmerge` tool's template (by its name), to be rendered
    /// as that tool renders it: a line break in Markdown stays one.
    pub fn is_mailmerge(&self) -> bool {
        self.path
            .file_name()
            .is_some_and(|name| name == crate::mailmerge::TEMPLATE)
    }

    /// The file line of the first header line with this name (case-insensitive).
    pub fn header_line(&self, name: &str) -> Option<usize> {
        self.headers
            .lines()
            .enumerate()
            .find_map(|(index, line)| match classify(line) {
                LineKind::Header { name: n, .. } if n.eq_ignore_ascii_case(name) => Some(index + 1),
                _ => None,
            })
    }

    /// The first file line where `identifier` appears as a whole word.
    pub fn line_of_identifier(&self, identifier: &str) -> Option<usize> {
        let in_headers = self
            .headers
            .lines()
            .position(|line| contains_word(line, identifier))
            .map(|index| index + 1);
        let in_part = |body: &str, first_line: usize| {
            body.lines()
                .position(|line| contains_word(line, identifier))
                .map(|index| index + first_line)
        };
        let in_own_text = self
            .own_text
            .as_ref()
            .and_then(|own| in_part(&own.body, own.line));
        let in_body = in_part(&self.body, self.body_line);
        in_headers.or(in_own_text.min(in_body).or(in_own_text).or(in_body))
    }
}

fn bytecount_lines(bytes: &[u8]) -> usize {
    bytes.split(|b| *b == b'\n').count()
}

enum LineKind<'a> {
    Header { name: &'a str, value: &'a str },
    Continuation,
    TeraTag,
    Other,
}

fn classify(line: &str) -> LineKind<'_> {
    if line.starts_with([' ', '\t']) {
        return LineKind::Continuation;
    }
    if line.starts_with("{%") || line.starts_with("{#") {
        return LineKind::TeraTag;
    }
    match line.split_once(':') {
        Some((name, value)) => match header_name(name) {
            Some(name) => LineKind::Header {
                name,
                value: value.trim(),
            },
            None => LineKind::Other,
        },
        None => LineKind::Other,
    }
}

/// A header line of the template as the renderer reads it: a French name (`Objet :`) written
/// with the standard one (`Subject:`), the value as written.
fn push_standard(headers: &mut String, line: &str) {
    match line.split_once(':') {
        Some((name, value)) if !line.starts_with([' ', '\t', '{']) => {
            headers.push_str(header_name(name).unwrap_or(name));
            headers.push(':');
            headers.push_str(value);
        }
        _ => headers.push_str(line),
    }
    headers.push('\n');
}

/// Whether a line of Tera tags sets the subject (`{% if a %}Subject: x{% else %}Objet : y…`).
fn names_a_subject(line: &str) -> bool {
    line.split("%}").skip(1).any(|after| {
        after
            .split_once(':')
            .and_then(|(name, _)| header_name(name))
            .is_some_and(|name| name.eq_ignore_ascii_case("subject"))
    })
}

/// The French names of the standard headers, lower case, with what they stand for: a
/// French template may write `Objet :`, `De :`, `À :`, `Cci :`, `Répondre à :`.
const FRENCH_NAMES: [(&str, &str); 10] = [
    ("objet", "Subject"),
    ("de", "From"),
    ("à", "To"),
    ("a", "To"),
    ("cci", "Bcc"),
    ("répondre à", "Reply-To"),
    ("repondre a", "Reply-To"),
    ("répondre-à", "Reply-To"),
    ("pièce jointe", "Attachment"),
    ("piece jointe", "Attachment"),
];

/// The header a name before a colon stands for: a standard header by its English name
/// as written, a French name by the English one (`Objet` → `Subject`, `À` → `To`), either with
/// spaces before the colon as French writes it (`Objet :`, `Subject :`); `None` for what is not
/// a header name.
pub fn header_name(name: &str) -> Option<&str> {
    let trimmed = name.trim_end_matches([' ', '\t', '\u{a0}', '\u{202f}']);
    let words: Vec<&str> = trimmed
        .split([' ', '\u{a0}'])
        .filter(|w| !w.is_empty())
        .collect();
    let lower = words.join(" ").to_lowercase();
    if let Some((_, standard)) = FRENCH_NAMES.iter().find(|(french, _)| *french == lower) {
        return Some(standard);
    }
    if is_header_name(name) {
        return Some(name);
    }
    let known = KNOWN_HEADERS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(trimmed));
    known.filter(|_| trimmed != name).copied()
}

/// RFC 5322 field names: printable ASCII except colon; we also refuse spaces.
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':')
}

/// The headers missive gives a meaning to.
const KNOWN_HEADERS: [&str; 9] = [
    "From",
    "To",
    "Cc",
    "Bcc",
    "Reply-To",
    "Subject",
    "Attachment",
    "Content-Type",
    "Sender",
];

/// A header name one or two typing slips away from a known one (`Subjet`, `Atachment`,
/// `Reply-to:` is fine: names are case-insensitive). `X-` headers are the user's own.
fn near_miss(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("x-") || KNOWN_HEADERS.iter().any(|k| k.eq_ignore_ascii_case(name)) {
        return None;
    }
    KNOWN_HEADERS
        .iter()
        .copied()
        .filter(|known| known.len() > 3)
        .find(|known| edit_distance(&lower, &known.to_ascii_lowercase()) <= 2)
}

/// The name among `names` one or two typing slips from `written` (`nmo` for `nom`, `Ecole`
/// for `ecole`), the nearest first; `None` when none is that near.
pub(super) fn nearest<'a>(written: &str, names: impl Iterator<Item = &'a str>) -> Option<String> {
    let lower = written.to_lowercase();
    names
        .map(|name| (edit_distance(&lower, &name.to_lowercase()), name))
        .filter(|&(distance, name)| distance <= 2 && distance < name.chars().count())
        .min()
        .map(|(_, name)| name.to_string())
}

/// Levenshtein distance, for typo suggestions on short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// What the template's `Content-Type:` says its body is.
enum Declared {
    Kind(BodyKind),
    /// Python mailmerge's form: the body holds a text/plain and a text/html (or
    /// text/markdown) part, each after a `--boundary` line.
    Alternative {
        boundary: String,
        line: usize,
    },
}

fn declared_body(path: &Path, line: usize, value: &str) -> Result<Declared, TemplateError> {
    let essence = value.split(';').next().unwrap_or_default().trim();
    if essence.eq_ignore_ascii_case("multipart/alternative") {
        let boundary = value.split(';').skip(1).find_map(|parameter| {
            let (name, value) = parameter.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("boundary")
                .then(|| value.trim().trim_matches('"').to_string())
        });
        return match boundary.filter(|b| !b.is_empty()) {
            Some(boundary) => Ok(Declared::Alternative { boundary, line }),
            None => Err(multipart_error(path, line, MultipartProblem::NoBoundary)),
        };
    }
    body_kind_of(essence)
        .map(Declared::Kind)
        .ok_or_else(|| TemplateError::UnsupportedContentType {
            path: path.to_path_buf(),
            line,
            value: value.to_string(),
        })
}

fn body_kind_of(essence: &str) -> Option<BodyKind> {
    match essence.to_ascii_lowercase().as_str() {
        "text/plain" => Some(BodyKind::Plain),
        "text/markdown" => Some(BodyKind::Markdown),
        "text/html" => Some(BodyKind::Html),
        _ => None,
    }
}

fn multipart_error(path: &Path, line: usize, problem: MultipartProblem) -> TemplateError {
    TemplateError::Multipart {
        path: path.to_path_buf(),
        line,
        problem,
    }
}

/// The parts of a multipart template's body, by kind.
#[derive(Default)]
struct Alternative {
    plain: Option<OwnText>,
    rich: Option<(BodyKind, OwnText)>,
}

impl Alternative {
    /// Splits the body at its `--boundary` lines (RFC 2046: the line break before a
    /// boundary line belongs to it). Text before the first is ignored, as a mail reader
    /// ignores it, and so is text after `--boundary--`, which may be left out.
    fn split(
        path: &Path,
        body: &str,
        body_line: usize,
        boundary: &str,
        header_line: usize,
    ) -> Result<Self, TemplateError> {
        let delimiter = format!("--{boundary}");
        let mut parts: Vec<(usize, String)> = Vec::new();
        for (index, line) in body.split_inclusive('\n').enumerate() {
            let trimmed = line.trim_end();
            let closing = trimmed.strip_prefix(&delimiter) == Some("--");
            if (trimmed == delimiter || closing)
                && let Some((_, part)) = parts.last_mut()
                && part.ends_with('\n')
            {
                part.pop();
            }
            if trimmed == delimiter {
                parts.push((body_line + index, String::new()));
            } else if closing {
                break;
            } else if let Some((_, part)) = parts.last_mut() {
                part.push_str(line);
            }
        }
        if parts.is_empty() {
            return Err(multipart_error(
                path,
                body_line,
                MultipartProblem::NoDelimiter {
                    boundary: boundary.to_string(),
                    header_line,
                },
            ));
        }
        let mut alternative = Self::default();
        for (line, text) in parts {
            alternative.add(path, line, &text)?;
        }
        Ok(alternative)
    }

    /// Reads one part (its headers, a blank line, its text) starting after the boundary
    /// line `line`.
    fn add(&mut self, path: &Path, line: usize, part: &str) -> Result<(), TemplateError> {
        let mut kind = None;
        let mut offset = 0;
        let mut lines = part.split_inclusive('\n').enumerate();
        let mut ended = false;
        for (index, raw) in &mut lines {
            let header_line = line + 1 + index;
            offset += raw.len();
            let text = raw.trim_end();
            if text.is_empty() {
                ended = true;
                break;
            }
            let Some((name, value)) = text.split_once(':').filter(|(n, _)| is_header_name(n))
            else {
                return Err(multipart_error(
                    path,
                    header_line,
                    MultipartProblem::NotAPartHeader {
                        text: text.to_string(),
                    },
                ));
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-type") {
                let essence = value.split(';').next().unwrap_or_default().trim();
                kind = Some(body_kind_of(essence).ok_or_else(|| {
                    multipart_error(
                        path,
                        header_line,
                        MultipartProblem::PartType {
                            value: value.to_string(),
                        },
                    )
                })?);
            } else if name.eq_ignore_ascii_case("content-transfer-encoding") {
                if !["7bit", "8bit", "binary"]
                    .iter()
                    .any(|e| e.eq_ignore_ascii_case(value))
                {
                    return Err(multipart_error(
                        path,
                        header_line,
                        MultipartProblem::TransferEncoding {
                            value: value.to_string(),
                        },
                    ));
                }
            } else if !name.eq_ignore_ascii_case("content-disposition") {
                return Err(multipart_error(
                    path,
                    header_line,
                    MultipartProblem::UselessHeader {
                        name: name.to_string(),
                    },
                ));
            }
        }
        let Some(kind) = kind else {
            return Err(multipart_error(path, line, MultipartProblem::NoContentType));
        };
        if !ended {
            return Err(multipart_error(path, line, MultipartProblem::NoBlankLine));
        }
        let text = OwnText {
            body: part[offset..].to_string(),
            line: line + 1 + lines.next().map_or(part.lines().count(), |(i, _)| i),
        };
        let first = if kind == BodyKind::Plain {
            self.plain.as_ref()
        } else {
            self.rich.as_ref().map(|(_, first)| first)
        };
        if let Some(first) = first.map(|f| f.line) {
            return Err(multipart_error(
                path,
                line,
                MultipartProblem::SecondPart {
                    plain: kind == BodyKind::Plain,
                    first,
                },
            ));
        }
        if kind == BodyKind::Plain {
            self.plain = Some(text);
        } else {
            self.rich = Some((kind, text));
        }
        Ok(())
    }

    /// The template's body (its HTML or Markdown part, else its text), and its own text.
    fn into_body(
        self,
        path: &Path,
        header_line: usize,
    ) -> Result<(String, usize, BodyKind, Option<OwnText>), TemplateError> {
        match (self.rich, self.plain) {
            (Some((kind, rich)), plain) => Ok((rich.body, rich.line, kind, plain)),
            (None, Some(plain)) => Ok((plain.body, plain.line, BodyKind::Plain, None)),
            (None, None) => Err(multipart_error(path, header_line, MultipartProblem::NoPart)),
        }
    }
}

fn contains_word(line: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(word).any(|(start, _)| {
        let before = line[..start].chars().next_back();
        let after = line[start + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<TemplateFile, TemplateError> {
        TemplateFile::parse(Path::new("message.md"), text)
    }

    #[test]
    fn splits_headers_and_body_and_reads_the_content_type() {
        let file = parse(
            "TO: {{ email }}\r\nSUBJECT: Bonjour\r\nContent-Type: text/markdown\r\n\r\nCorps\r\n",
        )
        .expect("valid");
        assert_eq!(file.body_kind, BodyKind::Markdown);
        assert_eq!(file.headers, "TO: {{ email }}\nSUBJECT: Bonjour\n\n");
        assert_eq!(file.body, "Corps\n");
        assert_eq!(file.body_line, 5);
        assert_eq!(file.header_line("subject"), Some(2));
    }

    #[test]
    fn a_file_without_headers_or_blank_line_is_refused() {
        assert!(matches!(
            parse("Bonjour à tous\n\nCorps"),
            Err(TemplateError::NoHeaders { .. })
        ));
        assert!(matches!(
            parse("To: a@b.fr\nCorps"),
            Err(TemplateError::NotAHeader { line: 2, .. })
        ));
        assert!(matches!(
            parse("To: a@b.fr\n"),
            Err(TemplateError::NoBlankLine { .. })
        ));
        assert!(matches!(
            parse("To: a@b.fr\nContent-Type: application/pdf\n\nx"),
            Err(TemplateError::UnsupportedContentType { line: 2, .. })
        ));
    }

    #[test]
    fn a_misspelled_header_gets_a_suggestion() {
        let error = parse("From: a@b.fr\nSubjet: Bonjour\n\nx\n").expect_err("typo");
        assert_eq!(
            error.to_string(),
            "message.md:2: `Subjet` is not a header missive knows; did you mean `Subject`? (a header of your own must start with `X-`)"
        );
        assert!(matches!(
            parse("To: a@b.fr\nAtachment: x.pdf\n\nx\n"),
            Err(TemplateError::MisspelledHeader { line: 2, .. })
        ));
        assert!(
            parse("To: a@b.fr\nX-Subjet: x\nREPLY-TO: c@d.fr\nKeywords: x\nSUBJECT: x\n\nx\n")
                .is_ok()
        );
    }

    #[test]
    fn a_literal_address_is_checked_at_its_line_and_a_templated_one_is_not() {
        let error =
            parse("Subject: x\nFrom: Direction\n <direction>\n\nx\n").expect_err("no address");
        assert!(
            matches!(&error, TemplateError::Address { line: 2, header, .. } if header == "From"),
            "{error}"
        );
        assert!(error.to_string().contains("name@domain.fr"), "{error}");
        assert!(parse("From: Direction\n <d@x.fr>\nTo: {{ email }}\nCc:\nSubject:\n\nx\n").is_ok());
    }

    #[test]
    fn finds_the_line_of_a_variable() {
        let file = parse(
            "To: {{ email }}\nSubject: x\n\nBonjour {{ nom }},\n{{ prenom_nom }} {{ prenom }}\n",
        )
        .expect("valid");
        assert_eq!(file.line_of_identifier("email"), Some(1));
        assert_eq!(file.line_of_identifier("prenom"), Some(5));
    }

    /// Python mailmerge's multipart template (its README's form, without `--boundary--`).
    const MULTIPART: &str = "TO: {{email}}\nSUBJECT: Essai\nFROM: Moi <moi@x.fr>\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"boundary\"\n\nThis is a MIME-encoded message.\n\n--boundary\nContent-Type: text/plain; charset=us-ascii\n\nBonjour {{name}},\n\n--boundary\nContent-Type: text/html; charset=us-ascii\n\n<p>Bonjour {{name}},</p>\n";

    #[test]
    fn a_multipart_template_gives_its_own_text_part() {
        let file = parse(MULTIPART).expect("valid");
        assert_eq!(file.body_kind, BodyKind::Html);
        assert_eq!(file.body, "<p>Bonjour {{name}},</p>\n");
        assert_eq!(file.body_line, 17);
        let own = file.own_text.expect("text part");
        assert_eq!(own.body, "Bonjour {{name}},\n");
        assert_eq!(own.line, 12);
        // MIME-Version and Content-Type are missive's to write.
        assert!(
            !file.headers.to_ascii_lowercase().contains("mime"),
            "{}",
            file.headers
        );
        let closed = parse(&MULTIPART.replace(
            "<p>Bonjour {{name}},</p>\n",
            "<p>Bonjour</p>\n--boundary--\népilogue\n",
        ))
        .expect("valid");
        assert_eq!(closed.body, "<p>Bonjour</p>");
        let markdown = parse(&MULTIPART.replace("text/html", "text/markdown")).expect("valid");
        assert_eq!(markdown.body_kind, BodyKind::Markdown);
        let unquoted = parse(&MULTIPART.replace("\"boundary\"", "boundary")).expect("valid");
        assert!(unquoted.own_text.is_some());
    }

    #[test]
    fn a_multipart_template_that_cannot_be_split_says_where_and_what_to_fix() {
        let message = |text: &str| parse(text).expect_err("refused").to_string();
        assert_eq!(
            message(&MULTIPART.replace("; boundary=\"boundary\"", "")),
            "message.md:5: `multipart/alternative` needs the line that separates its parts: write `Content-Type: multipart/alternative; boundary=\"boundary\"` and start each part with `--boundary`"
        );
        assert_eq!(
            message(&MULTIPART.replace("--boundary", "--autre")),
            "message.md:7: the body has no `--boundary` line, though line 5 says `boundary=\"boundary\"`; start each part (text/plain, then text/html) with a line `--boundary`"
        );
        assert_eq!(
            message(&MULTIPART.replace("text/plain; charset=us-ascii", "application/pdf")),
            "message.md:10: a part of type `application/pdf` cannot be used; the parts of a template are text/plain, text/html or text/markdown (files go in `Attachment:` lines)"
        );
        assert_eq!(
            message(&MULTIPART.replace("Content-Type: text/plain; charset=us-ascii\n", "")),
            "message.md:9: this part has no `Content-Type:` line; write `Content-Type: text/plain` (or text/html) under the `--` line, then a blank line, then the part's text"
        );
        assert_eq!(
            message(&MULTIPART.replace("text/html", "text/plain")),
            "message.md:14: a second text/plain part (the first starts on line 12); keep one text/plain part and one text/html or text/markdown part"
        );
        assert_eq!(
            message(&MULTIPART.replace(
                "Content-Type: text/html; charset=us-ascii\n",
                "Content-Type: text/html\nContent-Transfer-Encoding: base64\n"
            )),
            "message.md:16: `Content-Transfer-Encoding: base64`: write the part as plain text and remove this line (missive encodes the message itself)"
        );
        assert_eq!(
            message(
                &MULTIPART.replace("Content-Type: text/plain; charset=us-ascii\n", "Bonjour\n")
            ),
            "message.md:10: `Bonjour` is not a part header; after the `--` line a part starts with `Content-Type: text/plain` (or text/html), then a blank line, then its text"
        );
        assert!(matches!(
            parse("To: a@b.fr\nContent-Type: multipart/mixed; boundary=x\n\nx"),
            Err(TemplateError::UnsupportedContentType { line: 2, .. })
        ));
    }
}
