//! A template in the Python `mailmerge` tool's multipart form: a text/plain and a text/html
//! (or text/markdown) part, each after a `--boundary` line, split into its parts.

use std::path::Path;

use super::header_names::is_header_name;
use super::template_file::{BodyKind, OwnText, body_kind_of, multipart_error};
use super::{MultipartProblem, TemplateError};

/// The parts of a multipart template's body, by kind.
#[derive(Default)]
pub(super) struct Alternative {
    plain: Option<OwnText>,
    rich: Option<(BodyKind, OwnText)>,
}

impl Alternative {
    /// Splits the body at its `--boundary` lines (RFC 2046: the line break before a
    /// boundary line belongs to it). Text before the first is ignored, as a mail reader
    /// ignores it, and so is text after `--boundary--`, which may be left out.
    pub(super) fn split(
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
    pub(super) fn into_body(
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::TemplateError;
    use super::super::template_file::{BodyKind, TemplateFile};

    fn parse(text: &str) -> Result<TemplateFile, TemplateError> {
        TemplateFile::parse(Path::new("message.md"), text)
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
