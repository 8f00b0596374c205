//! The template file format: header lines, a blank line, the body (the format of the Python
//! `mailmerge` tool, so its users' files work as they are).

use std::path::{Path, PathBuf};

use super::header_names::{header_name, near_miss};
use super::multipart::Alternative;
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

pub(super) fn body_kind_of(essence: &str) -> Option<BodyKind> {
    match essence.to_ascii_lowercase().as_str() {
        "text/plain" => Some(BodyKind::Plain),
        "text/markdown" => Some(BodyKind::Markdown),
        "text/html" => Some(BodyKind::Html),
        _ => None,
    }
}

pub(super) fn multipart_error(
    path: &Path,
    line: usize,
    problem: MultipartProblem,
) -> TemplateError {
    TemplateError::Multipart {
        path: path.to_path_buf(),
        line,
        problem,
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
}
