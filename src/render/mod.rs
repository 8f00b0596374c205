//! Rendering: a template and one recipient row give the headers and body of one message.
//!
//! Headers and body are compiled separately from the file's own split, so a value from the
//! data can never move the line between them. Values from the data that would add a header
//! line (CR or LF) are caught, not written.

mod errors;
mod header_names;
mod html_text;
mod markdown;
mod markdown_text;
mod multipart;
mod syntax;
mod template_file;
mod used_columns;

use std::collections::BTreeSet;
use std::path::Path;

use tera::{Context, Tera};

use crate::recipients::{Columns, Recipient, RowRef};
pub use errors::{MultipartProblem, RenderError, SyntaxProblem, TemplateError};
pub use header_names::{header_name, is_header_name};
pub use template_file::{BodyKind, OwnText, TemplateFile};
pub use used_columns::EmptyFields;

const HEADERS: &str = "headers.hdr";
const BODY: &str = "body.txt";
const BODY_HTML: &str = "body.html";
/// The template's own text part (mailmerge's multipart form).
const OWN_TEXT: &str = "text.txt";

/// The language of the HTML missive writes when the campaign does not say.
const DEFAULT_LANG: &str = "fr";

/// Stand-ins for CR and LF coming from the data while headers are rendered (private-use
/// code points), so that a line break from the data is told apart from the template's own.
const DATA_CR: char = '\u{E00D}';
const DATA_LF: char = '\u{E00A}';

/// A compiled template, checked against the columns of the list.
pub struct Template {
    file: TemplateFile,
    plain: Tera,
    html: Option<Tera>,
    /// The list's columns, as the rows' variables.
    names: ColumnNames,
    /// The `lang` of the HTML written around a Markdown body.
    lang: String,
}

/// One header of a rendered message, with the template line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedHeader {
    pub name: String,
    pub value: String,
    pub line: usize,
}

/// The body of a rendered message. A text part is kept as UTF-8 bytes (what Tera writes): it
/// is only ever encoded, and checking Tera's output again for a `String` cost more than all
/// of Tera's own work on a French text (accents leave the ASCII fast path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderedBody {
    Plain(Vec<u8>),
    /// An HTML body and its text alternative: the text written from the Markdown, derived
    /// from the HTML, or the template's own text part. Free of markup either way.
    Html {
        html: String,
        text: Vec<u8>,
    },
}

/// One recipient's message before it becomes MIME.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub at: RowRef,
    pub headers: Vec<RenderedHeader>,
    pub body: RenderedBody,
}

impl Rendered {
    /// The values of every header with this name (case-insensitive), in order.
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a RenderedHeader> + 'a {
        self.headers
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
    }
}

impl RenderError {
    pub fn row(&self) -> &RowRef {
        match self {
            Self::Template { row, .. }
            | Self::LineBreakInHeader { row, .. }
            | Self::MalformedHeader { row, .. } => row,
        }
    }
}

impl Template {
    /// Reads and compiles a template, and checks that every variable it uses is a column.
    pub fn load(path: &Path, columns: &Columns) -> Result<Self, TemplateError> {
        let file = TemplateFile::read(path)?;
        Self::compile(file, columns)
    }

    pub fn compile(file: TemplateFile, columns: &Columns) -> Result<Self, TemplateError> {
        let mut plain = Tera::new();
        plain.autoescape_on([".hdr"]);
        plain.set_escape_fn(mark_data_line_breaks);
        add(&mut plain, &file, HEADERS, &file.headers, 1)?;
        add(&mut plain, &file, BODY, &file.body, file.body_line)?;
        if let Some(own) = &file.own_text {
            add(&mut plain, &file, OWN_TEXT, &own.body, own.line)?;
        }
        let html = match file.body_kind {
            BodyKind::Plain => None,
            BodyKind::Markdown | BodyKind::Html => {
                let mut html = Tera::new();
                html.autoescape_on([".html"]);
                html.set_escape_fn(markdown::escape_for_html);
                add(&mut html, &file, BODY_HTML, &file.body, file.body_line)?;
                Some(html)
            }
        };
        let template = Self {
            file,
            plain,
            html,
            names: ColumnNames::of(columns),
            lang: DEFAULT_LANG.to_string(),
        };
        template.check_variables(columns)?;
        Ok(template)
    }

    /// The template writing `lang` (campaign.toml's) on the HTML it makes from Markdown.
    #[must_use]
    pub fn with_lang(mut self, lang: &str) -> Self {
        self.lang = lang.to_string();
        self
    }

    pub fn file(&self) -> &TemplateFile {
        &self.file
    }

    pub fn path(&self) -> &Path {
        &self.file.path
    }

    /// Tera treats an undefined variable as false inside `{% if %}`: check every variable the
    /// template names against the columns before any row is rendered.
    fn check_variables(&self, columns: &Columns) -> Result<(), TemplateError> {
        let mut used = BTreeSet::new();
        for name in [HEADERS, BODY, OWN_TEXT] {
            if let Ok(variables) = self.plain.get_template_variables(name) {
                used.extend(variables.into_iter().map(str::to_string));
            }
        }
        let known = known_variables(columns);
        let unknown = used
            .iter()
            .filter(|v| !known.contains(v.as_str()))
            .min_by_key(|v| self.file.line_of_identifier(v).unwrap_or(usize::MAX));
        match unknown {
            None => Ok(()),
            Some(variable) => Err(TemplateError::UnknownVariable {
                path: self.file.path.clone(),
                line: self.file.line_of_identifier(variable).unwrap_or(1),
                variable: variable.clone(),
                suggestion: header_names::nearest(variable, known.iter().map(String::as_str)),
                columns: std::sync::Arc::clone(columns),
            }),
        }
    }

    /// Renders one recipient's headers and body.
    pub fn render(&self, recipient: &Recipient) -> Result<Rendered, RenderError> {
        let context = self.names.context(recipient);
        // `| safe` skips the escape function that marks the data's line breaks: headers are
        // rendered from values marked beforehand, so no filter can let one through.
        let marked = with_marked_line_breaks(recipient).map(|r| self.names.context(&r));
        let failed = |first_line: usize| {
            move |error: tera::Error| {
                let (line, message) = describe(&error);
                RenderError::Template {
                    path: self.file.path.clone(),
                    line: line.map_or(first_line, |l| l + first_line - 1),
                    row: recipient.at.clone(),
                    message,
                }
            }
        };
        let render = |tera: &Tera, name: &str, first_line: usize, context: &Context| {
            tera.render(name, context).map_err(failed(first_line))
        };
        let header_block = render(&self.plain, HEADERS, 1, marked.as_ref().unwrap_or(&context))?;
        let headers = self.parse_headers(&header_block, recipient)?;
        let own_text = match &self.file.own_text {
            Some(own) => Some(
                self.render_text(OWN_TEXT, own.body.len(), &context)
                    .map_err(failed(own.line))?,
            ),
            None => None,
        };
        let body = match (&self.file.body_kind, &self.html) {
            (BodyKind::Markdown, Some(html)) => {
                let source = render(html, BODY_HTML, self.file.body_line, &context)?;
                let subject = headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("subject"));
                let shell = markdown::Shell {
                    lang: &self.lang,
                    title: subject.map_or("", |h| h.value.as_str()),
                };
                let (html, text) = markdown::render(&source, self.file.is_mailmerge(), &shell);
                RenderedBody::Html {
                    text: own_text.unwrap_or_else(|| text.into_bytes()),
                    html,
                }
            }
            (BodyKind::Html, Some(html)) => {
                let html = render(html, BODY_HTML, self.file.body_line, &context)?;
                // Derived from each message's HTML: it holds the row's values.
                let text = own_text.unwrap_or_else(|| html_text::write(&html).into_bytes());
                RenderedBody::Html { html, text }
            }
            _ => RenderedBody::Plain(
                self.render_text(BODY, self.file.body.len(), &context)
                    .map_err(failed(self.file.body_line))?,
            ),
        };
        Ok(Rendered {
            at: recipient.at.clone(),
            headers,
            body,
        })
    }

    /// A text part as the bytes Tera writes.
    fn render_text(
        &self,
        name: &str,
        source_len: usize,
        context: &Context,
    ) -> Result<Vec<u8>, tera::Error> {
        // The template's own text and a little more for the values: rarely grown.
        let mut text = Vec::with_capacity(source_len + source_len / 8 + 256);
        self.plain.render_to(name, context, &mut text)?;
        Ok(text)
    }

    fn parse_headers(
        &self,
        block: &str,
        recipient: &Recipient,
    ) -> Result<Vec<RenderedHeader>, RenderError> {
        let mut headers: Vec<RenderedHeader> = Vec::new();
        for line in block.lines() {
            if line.trim().is_empty() {
                continue;
            }
            if let Some(last) = headers.last_mut().filter(|_| line.starts_with([' ', '\t'])) {
                last.value.push(' ');
                last.value.push_str(line.trim());
                continue;
            }
            let parsed = line
                .split_once(':')
                .and_then(|(name, value)| Some((header_name(name)?, value)));
            let Some((name, value)) = parsed else {
                return Err(RenderError::MalformedHeader {
                    path: self.file.path.clone(),
                    line: 1,
                    row: recipient.at.clone(),
                    text: line.replace([DATA_CR, DATA_LF], " "),
                });
            };
            let line_number = self.file.header_line(name).unwrap_or(1);
            if value.contains([DATA_CR, DATA_LF]) {
                return Err(RenderError::LineBreakInHeader {
                    path: self.file.path.clone(),
                    line: line_number,
                    row: recipient.at.clone(),
                    header: name.to_string(),
                });
            }
            headers.push(RenderedHeader {
                name: name.to_string(),
                value: value.trim().to_string(),
                line: line_number,
            });
        }
        Ok(headers)
    }
}

fn add(
    tera: &mut Tera,
    file: &TemplateFile,
    name: &str,
    source: &str,
    first_line: usize,
) -> Result<(), TemplateError> {
    tera.add_raw_template(name, source).map_err(|error| {
        let (line, problem) = syntax::explain(&error, source);
        TemplateError::Syntax {
            path: file.path.clone(),
            line: line.map_or(first_line, |l| l + first_line - 1),
            problem,
        }
    })
}

/// Tera keeps the useful part of an error in its kind or its source chain: dig it out,
/// with the template line, so users never see only "failed to render".
pub(crate) fn describe(error: &tera::Error) -> (Option<usize>, String) {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            (Some(report.span().start_line), report.message().to_string())
        }
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                message.push_str(": ");
                message.push_str(&cause.to_string());
                source = cause.source();
            }
            (None, message)
        }
    }
}

/// The columns as an error lists them in the run's language, each alias beside its column
/// name: ``nom, ecole for `École` `` / `« nom », ecole pour « École »`.
pub(crate) fn describe_columns(columns: &Columns) -> String {
    columns
        .iter()
        .map(|name| match crate::recipients::alias(name) {
            Some(alias) => t!(
                "template-column-alias",
                alias = alias,
                column = name.as_str()
            ),
            None => t!("template-column", column = name.as_str()),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The names a template or a `--where` condition may use: every column by its name and by
/// its identifier alias (`nom_de_l_ecole`), and `row`.
pub(crate) fn known_variables(columns: &Columns) -> BTreeSet<String> {
    columns
        .iter()
        .cloned()
        .chain(columns.iter().filter_map(|c| crate::recipients::alias(c)))
        .chain(["row".to_string()])
        .collect()
}

/// A list's columns with their aliases, worked out once per run: an alias comes from
/// normalising the column's name (Unicode decomposition, accents dropped), the same for
/// every row.
pub(crate) struct ColumnNames {
    columns: Columns,
    aliases: Vec<Option<String>>,
}

impl ColumnNames {
    pub(crate) fn of(columns: &Columns) -> Self {
        Self {
            columns: std::sync::Arc::clone(columns),
            aliases: columns
                .iter()
                .map(|name| crate::recipients::alias(name))
                .collect(),
        }
    }

    /// The variables of one row: every column by its name and its alias, and `row`.
    pub(crate) fn context(&self, recipient: &Recipient) -> Context {
        let same_list = std::sync::Arc::ptr_eq(&recipient.columns, &self.columns)
            || recipient.columns == self.columns;
        if !same_list {
            // A row of another list (none in a run): its own names.
            return Self::of(&recipient.columns).context(recipient);
        }
        let mut context = Context::new();
        let mut row = tera::Map::new();
        for ((name, value), alias) in recipient.fields().zip(&self.aliases) {
            context.insert(name.to_string(), value);
            if let Some(alias) = alias {
                context.insert(alias.clone(), value);
            }
            row.insert(name.to_string().into(), value.into());
        }
        context.insert_value("row", tera::Value::from(row));
        context
    }
}

fn mark_data_line_breaks(value: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if !value.contains(['\r', '\n']) {
        return out.write_all(value.as_bytes());
    }
    out.write_all(marked(value).as_bytes())
}

fn marked(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '\r' => DATA_CR,
            '\n' => DATA_LF,
            other => other,
        })
        .collect()
}

/// The row with the line breaks of its values marked; `None` when it has none (most rows).
fn with_marked_line_breaks(recipient: &Recipient) -> Option<Recipient> {
    if !recipient.values.iter().any(|v| v.contains(['\r', '\n'])) {
        return None;
    }
    Some(Recipient {
        at: recipient.at.clone(),
        columns: std::sync::Arc::clone(&recipient.columns),
        values: recipient.values.iter().map(|v| marked(v)).collect(),
    })
}

#[cfg(test)]
mod french_tests;
#[cfg(test)]
mod tests;
